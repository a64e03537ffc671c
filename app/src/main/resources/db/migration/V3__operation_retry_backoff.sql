-- A transient failure (cluster unreachable) puts the operation back in the queue, not before this time.
ALTER TABLE operations ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;

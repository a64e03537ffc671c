-- Set when a user deletes a store while an operation is still working on it; the deletion follows that operation.
ALTER TABLE stores ADD COLUMN delete_requested_at TIMESTAMP WITH TIME ZONE;

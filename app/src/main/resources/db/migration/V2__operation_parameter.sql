-- What an operation acts with: the target chart version of an UPGRADE, the revision of a ROLLBACK.
ALTER TABLE operations ADD COLUMN parameter VARCHAR(64);

-- The latest drift check of each store: when, against which Helm revision, and how many differences it found.
CREATE TABLE drift_checks (
    store_id    VARCHAR(63)  NOT NULL PRIMARY KEY REFERENCES stores (id),
    revision    INT          NOT NULL,
    differences INT          NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The first differences of that check (a bounded number), in order. Never a Secret's value: only that it differs.
CREATE TABLE drift_differences (
    store_id     VARCHAR(63)  NOT NULL REFERENCES drift_checks (store_id),
    position     INT          NOT NULL,
    object_kind  VARCHAR(63)  NOT NULL,
    object_name  VARCHAR(253) NOT NULL,
    change_kind  VARCHAR(16)  NOT NULL,
    field_path   VARCHAR(500) NOT NULL,
    in_manifest  VARCHAR(500),
    in_cluster   VARCHAR(500),
    PRIMARY KEY (store_id, position)
);

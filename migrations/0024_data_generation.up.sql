-- The data generation: a number that grows after every committed write of
-- any process (internal/db calls nextval after the commit). The portal reads
-- it with the principal and keeps rendered pages under it (internal/server,
-- pagecache.go): a page kept under an older generation is never served
-- again. A sequence, not a row: nextval takes no lock, so writers do not
-- wait for each other, and it is not rolled back.
CREATE SEQUENCE data_generation;
GRANT USAGE, SELECT ON SEQUENCE data_generation TO baken_app;

-- The search indexes (GIN) are written at once, without a pending list (fastupdate off). With a pending list, rows
-- written since the last VACUUM wait in an unindexed list (up to 4 MB per index) that every search reads through,
-- and the planner, counting it, scans the whole table instead: the embedded database has no autovacuum, and a
-- server may have it off. On the 10,000-case bench database after its load, "Kowalski" took 9.8 ms to run (the
-- cases and sanctions read row by row) and 2.6 ms once the lists were merged. A write now updates the index
-- itself: a few entries per saved row. The lists already there are merged into the indexes here.
ALTER INDEX "Case_searchVector_idx" SET (fastupdate = off);
ALTER INDEX "Case_reference_idx" SET (fastupdate = off);
ALTER INDEX "Person_searchName_idx" SET (fastupdate = off);
ALTER INDEX "Sanction_searchVector_idx" SET (fastupdate = off);
ALTER INDEX "TimelineEvent_searchVector_idx" SET (fastupdate = off);
ALTER INDEX "Evidence_searchVector_idx" SET (fastupdate = off);
ALTER INDEX "Letter_searchVector_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('"Case_searchVector_idx"'::regclass);
SELECT gin_clean_pending_list('"Case_reference_idx"'::regclass);
SELECT gin_clean_pending_list('"Person_searchName_idx"'::regclass);
SELECT gin_clean_pending_list('"Sanction_searchVector_idx"'::regclass);
SELECT gin_clean_pending_list('"TimelineEvent_searchVector_idx"'::regclass);
SELECT gin_clean_pending_list('"Evidence_searchVector_idx"'::regclass);
SELECT gin_clean_pending_list('"Letter_searchVector_idx"'::regclass);

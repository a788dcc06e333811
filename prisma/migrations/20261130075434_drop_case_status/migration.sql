-- Stage and outcome replace the single status (issue 10, docs/decisions/0015-stage-and-outcome.md).
-- Hand-written first part. No semicolons in these comments: the schema engine splits the script at them.
--
-- Until this migration nothing wrote stage or outcome: the code before it still changed the status only.
-- So the status is the truth here, and every case is brought to the mapping of 0015 (the same one the
-- case_model migration applied). Nothing is lost: the old status, in the words people saw, is kept in
-- the case's stage history ("Carried over from the earlier single status: Notice received"), which also
-- tells apart the two statuses that share a stage (Notice received and Under investigation).

-- 1. Cases whose status changed after the case_model migration (or that were opened since): one history
--    row from where stage and outcome stood to where the status says, then the case itself.
INSERT INTO "CaseStageChange" ("id", "caseId", "fromStage", "toStage", "fromOutcome", "toOutcome", "reason", "changedById", "createdAt")
SELECT 'csd_' || c."id", c."id", c."stage", m."stage", c."outcome", m."outcome",
       'Carried over from the earlier single status: ' || m."label", NULL, CURRENT_TIMESTAMP
FROM "Case" c
JOIN (VALUES
    ('INTAKE', 'INTAKE'::"CaseStage", NULL::"CaseOutcome", 'New – being set up'),
    ('NOTICE_RECEIVED', 'INVESTIGATION'::"CaseStage", NULL::"CaseOutcome", 'Notice received'),
    ('UNDER_INVESTIGATION', 'INVESTIGATION'::"CaseStage", NULL::"CaseOutcome", 'Under investigation'),
    ('AWAITING_HEARING', 'AWAITING_DECISION'::"CaseStage", NULL::"CaseOutcome", 'Awaiting hearing'),
    ('DECIDED_UPHELD', 'DECIDED'::"CaseStage", 'SANCTION_CONFIRMED'::"CaseOutcome", 'Decided – sanction upheld'),
    ('DECIDED_OVERTURNED', 'DECIDED'::"CaseStage", 'SANCTION_LIFTED'::"CaseOutcome", 'Decided – sanction overturned'),
    ('APPEAL', 'APPEAL'::"CaseStage", NULL::"CaseOutcome", 'Appeal in progress'),
    ('LEGAL_ACTION', 'LEGAL_ACTION'::"CaseStage", NULL::"CaseOutcome", 'Legal action'),
    ('CLOSED_REINSTATED', 'CLOSED'::"CaseStage", 'REINSTATED'::"CaseOutcome", 'Closed – reinstated'),
    ('CLOSED_EXPULSION_CONFIRMED', 'CLOSED'::"CaseStage", 'SANCTION_CONFIRMED'::"CaseOutcome", 'Closed – expulsion confirmed'),
    ('CLOSED_RESIGNED', 'CLOSED'::"CaseStage", 'RESIGNED'::"CaseOutcome", 'Closed – resigned'),
    ('CLOSED_WITHDRAWN', 'CLOSED'::"CaseStage", 'WITHDRAWN'::"CaseOutcome", 'Closed – withdrawn')
  ) AS m ("status", "stage", "outcome", "label") ON m."status" = c."status"::text
WHERE c."stage" IS DISTINCT FROM m."stage" OR c."outcome" IS DISTINCT FROM m."outcome";

UPDATE "Case" c SET "stage" = h."toStage", "outcome" = h."toOutcome"
FROM "CaseStageChange" h WHERE h."id" = 'csd_' || c."id";

-- 2. The rows the case_model migration carried over name the status they came from.
UPDATE "CaseStageChange" h SET "reason" = 'Carried over from the earlier single status: ' || CASE c."status"::text
    WHEN 'INTAKE' THEN 'New – being set up'
    WHEN 'NOTICE_RECEIVED' THEN 'Notice received'
    WHEN 'UNDER_INVESTIGATION' THEN 'Under investigation'
    WHEN 'AWAITING_HEARING' THEN 'Awaiting hearing'
    WHEN 'DECIDED_UPHELD' THEN 'Decided – sanction upheld'
    WHEN 'DECIDED_OVERTURNED' THEN 'Decided – sanction overturned'
    WHEN 'APPEAL' THEN 'Appeal in progress'
    WHEN 'LEGAL_ACTION' THEN 'Legal action'
    WHEN 'CLOSED_REINSTATED' THEN 'Closed – reinstated'
    WHEN 'CLOSED_EXPULSION_CONFIRMED' THEN 'Closed – expulsion confirmed'
    WHEN 'CLOSED_RESIGNED' THEN 'Closed – resigned'
    ELSE 'Closed – withdrawn' END
FROM "Case" c
WHERE h."id" = 'csc_' || c."id" AND h."reason" = 'Carried over from the earlier single status'
  AND NOT EXISTS (SELECT 1 FROM "CaseStageChange" d WHERE d."id" = 'csd_' || c."id");

-- 3. A case with no history at all (opened after case_model) starts it where it stands.
INSERT INTO "CaseStageChange" ("id", "caseId", "fromStage", "toStage", "fromOutcome", "toOutcome", "reason", "changedById", "createdAt")
SELECT 'csc_' || c."id", c."id", NULL, c."stage", NULL, c."outcome", 'Carried over from the earlier single status: ' || CASE c."status"::text
    WHEN 'INTAKE' THEN 'New – being set up'
    WHEN 'NOTICE_RECEIVED' THEN 'Notice received'
    WHEN 'UNDER_INVESTIGATION' THEN 'Under investigation'
    WHEN 'AWAITING_HEARING' THEN 'Awaiting hearing'
    WHEN 'DECIDED_UPHELD' THEN 'Decided – sanction upheld'
    WHEN 'DECIDED_OVERTURNED' THEN 'Decided – sanction overturned'
    WHEN 'APPEAL' THEN 'Appeal in progress'
    WHEN 'LEGAL_ACTION' THEN 'Legal action'
    WHEN 'CLOSED_REINSTATED' THEN 'Closed – reinstated'
    WHEN 'CLOSED_EXPULSION_CONFIRMED' THEN 'Closed – expulsion confirmed'
    WHEN 'CLOSED_RESIGNED' THEN 'Closed – resigned'
    ELSE 'Closed – withdrawn' END, NULL, c."updatedAt"
FROM "Case" c
WHERE NOT EXISTS (SELECT 1 FROM "CaseStageChange" h WHERE h."caseId" = c."id");

-- Generated part (npm run db:diff -- drop_case_status).
-- DropIndex
DROP INDEX "Case_status_idx";

-- AlterTable
ALTER TABLE "Case" DROP COLUMN "status";

-- DropEnum
DROP TYPE "CaseStatus";

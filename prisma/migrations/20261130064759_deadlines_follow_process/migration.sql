-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('ADVERSE', 'FAVOURABLE', 'NOT_KNOWN');

-- CreateEnum
CREATE TYPE "DeadlineClosure" AS ENUM ('NO_APPEAL_OFFERED', 'CASE_CLOSED');

-- AlterEnum
ALTER TYPE "DeadlineKind" ADD VALUE 'LETTER_REPLY';

-- AlterTable
ALTER TABLE "Deadline" ADD COLUMN     "closedReason" "DeadlineClosure";

-- AlterTable
ALTER TABLE "TimelineEvent" ADD COLUMN     "decisionOutcome" "DecisionOutcome";

-- Backfill, hand-written (docs/decisions/0014). No semicolons in these comments: the engine splits statements at them.
-- Decisions and appeal decisions recorded before this change never said how they went: they are marked
-- NOT_KNOWN, which counts as against the member, so no appeal window that was showing disappears. The
-- rule shown with each such window says so, and the entry can be corrected on the timeline.
UPDATE "TimelineEvent" SET "decisionOutcome" = 'NOT_KNOWN'
WHERE "type" IN ('DECISION', 'APPEAL_DECIDED') AND "decisionOutcome" IS NULL;

-- Appeal windows on cases where no appeal is offered, or that are closed, are closed (not missed), with
-- the reason, by the same rule syncDeadlines applies from now on (no appeal offered is named first).
UPDATE "Deadline" AS d SET "closedReason" = CASE WHEN c."appealStatus" = 'NOT_AVAILABLE' THEN 'NO_APPEAL_OFFERED'::"DeadlineClosure" ELSE 'CASE_CLOSED'::"DeadlineClosure" END
FROM "Case" AS c
WHERE d."caseId" = c."id" AND d."kind" = 'APPEAL_WINDOW'
  AND (c."appealStatus" = 'NOT_AVAILABLE' OR c."status" IN ('CLOSED_REINSTATED', 'CLOSED_EXPULSION_CONFIRMED', 'CLOSED_RESIGNED', 'CLOSED_WITHDRAWN'));

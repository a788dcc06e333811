// Data in the shape the database had before the case model changed (migration 20261130064759_deadlines_follow_process,
// the last one before 20261130074651_case_model): one SQL script, made of generate_series, so 10,000 cases
// and their events load in seconds on either engine. Deterministic: the same count always gives the same rows.
//
// It covers what the move touches and what it must leave alone: every old status (case i has status i mod 12),
// people with and without a branch, with and without an account, cases logged by the member themselves
// (consent online) and by staff, consent withdrawn, one or two sanctions with and without a stated reason,
// roles held, timeline events of every kind that existed (some deleted, some caseworkers-only), assignments,
// deadlines and audit rows.

/** The statuses of the old model, in the order of the enum. */
export const OLD_STATUSES = [
  'INTAKE',
  'NOTICE_RECEIVED',
  'UNDER_INVESTIGATION',
  'AWAITING_HEARING',
  'DECIDED_UPHELD',
  'DECIDED_OVERTURNED',
  'APPEAL',
  'LEGAL_ACTION',
  'CLOSED_REINSTATED',
  'CLOSED_EXPULSION_CONFIRMED',
  'CLOSED_RESIGNED',
  'CLOSED_WITHDRAWN',
] as const;

const OLD_EVENT_TYPES = [
  'NOTICE_OF_SUSPENSION',
  'NOTICE_OF_INVESTIGATION',
  'LETTER_RECEIVED',
  'LETTER_SENT',
  'SAR_SENT',
  'SAR_RESPONSE_RECEIVED',
  'RESPONSE_SUBMITTED',
  'HEARING_SCHEDULED',
  'HEARING_HELD',
  'DECISION',
  'APPEAL_LODGED',
  'APPEAL_DECIDED',
  'LEGAL_ACTION_STARTED',
  'COURT_RULING',
  'REINSTATED',
  'RE_SUSPENDED',
  'MEETING_OR_CONTACT',
  'NOTE',
];
const SANCTION_TYPES = [
  'ADMINISTRATIVE_SUSPENSION',
  'SUSPENSION',
  'EXPULSION',
  'AUTO_EXCLUSION',
  'WHIP_WITHDRAWN',
  'ENDORSEMENT_WITHHELD',
  'BRANCH_SUSPENDED',
  'MEMBERSHIP_REFUSED',
  'OTHER',
];
const REASONS = [
  'MOTION',
  'SOCIAL_MEDIA',
  'PROSCRIBED_ORGANISATION',
  'DISCRIMINATION',
  'PREJUDICIAL_CONDUCT',
  'OPPOSING_CANDIDATE',
  'OTHER',
];
const ROLES = [
  'Chair',
  'Secretary',
  'Treasurer',
  'Other branch officer',
  'Councillor',
  'Candidate',
  'Trade union delegate',
];
const APPEAL = ['NOT_STARTED', 'CONSIDERING', 'LODGED', 'ALLOWED', 'DISMISSED', 'NOT_AVAILABLE'];

const arr = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]`;
/** The element of a constant array picked by an integer expression. */
const pick = (values: readonly string[], expr: string) => `(${arr(values)})[1 + ((${expr}) % ${values.length})]`;

/** The SQL that fills an empty database at the old shape with `cases` cases and `eventsPerCase` events each. */
export function oldShapeSql(cases: number, eventsPerCase = 10): string {
  const n = Math.max(1, Math.floor(cases));
  const e = Math.max(1, Math.floor(eventsPerCase));
  return `
INSERT INTO "Organisation" ("id", "name") VALUES ('org1', 'The Party');
INSERT INTO "Region" ("id", "name") SELECT 'r' || g, 'Region ' || g FROM generate_series(1, 10) g;
INSERT INTO "Branch" ("id", "name", "regionId", "memberCount") SELECT 'b' || g, 'Branch ' || g, 'r' || (1 + g % 10), 3 + (g * 37) % 700 FROM generate_series(1, 80) g;
INSERT INTO "User" ("id", "email", "name", "role", "updatedAt", "createdAt")
  SELECT 'staff' || g, 'staff' || g || '@example.test', 'Staff ' || g, CASE WHEN g = 1 THEN 'COORDINATOR' ELSE 'CASEWORKER' END::"Role",
         TIMESTAMP '2024-01-01' + g * INTERVAL '1 hour', TIMESTAMP '2024-01-01' + g * INTERVAL '1 hour'
  FROM generate_series(1, 20) g;
-- A member account for two people in five.
INSERT INTO "User" ("id", "email", "name", "role", "updatedAt", "createdAt")
  SELECT 'm' || g, 'member' || g || '@example.test', 'Member ' || g, 'MEMBER', TIMESTAMP '2024-02-01' + g * INTERVAL '1 minute', TIMESTAMP '2024-02-01' + g * INTERVAL '1 minute'
  FROM generate_series(1, ${n}) g WHERE g % 5 IN (1, 3);
-- One person per case, a few with a second case; one in seven with no branch, one in eleven with a region only.
INSERT INTO "Person" ("id", "fullName", "membershipNumber", "email", "phone", "branchId", "regionId", "rolesHeld", "userId", "createdAt", "postalAddress")
  SELECT 'p' || g, 'Person ' || g, CASE WHEN g % 4 = 0 THEN NULL ELSE 'L' || lpad((g * 7919 % 9999999)::text, 7, '0') END,
         CASE WHEN g % 5 IN (1, 3) THEN 'member' || g || '@example.test' END, CASE WHEN g % 3 = 0 THEN '07700 ' || lpad((g % 999999)::text, 6, '0') END,
         CASE WHEN g % 7 = 0 THEN NULL ELSE 'b' || (1 + g % 80) END,
         CASE WHEN g % 7 = 0 AND g % 11 = 0 THEN 'r' || (1 + g % 10) WHEN g % 7 = 0 THEN NULL ELSE 'r' || (1 + (1 + g % 80) % 10) END,
         CASE WHEN g % 3 = 0 THEN ARRAY[]::text[] WHEN g % 3 = 1 THEN ARRAY[${pick(ROLES, 'g')}] ELSE ARRAY[${pick(ROLES, 'g')}, ${pick(ROLES, 'g + 3')}] END,
         CASE WHEN g % 5 IN (1, 3) THEN 'm' || g END, TIMESTAMP '2024-03-01' + g * INTERVAL '7 minutes',
         CASE WHEN g % 6 = 0 THEN g || ' Example Road' || chr(10) || 'Town' END
  FROM generate_series(1, ${n}) g;
-- Case g belongs to person g, except every 13th, which is a second case of the person before it.
INSERT INTO "Case" ("id", "reference", "personId", "status", "appealStatus", "wants", "summary", "consentGivenAt", "consentWithdrawnAt",
                    "createdById", "version", "createdAt", "updatedAt", "exhibitCounter", "appealWindowDays", "jurisdiction", "reviewRecommendation")
  SELECT 'k' || g, 'RS-2025-' || lpad(g::text, 5, '0'), 'p' || CASE WHEN g % 13 = 0 THEN g - 1 ELSE g END,
         ${pick(OLD_STATUSES, 'g - 1')}::"CaseStatus", ${pick(APPEAL, 'g * 5')}::"AppealStatus",
         CASE WHEN g % 2 = 0 THEN ARRAY['APPEAL', 'REINSTATEMENT'] ELSE ARRAY['INFORMATION'] END,
         CASE WHEN g % 3 <> 0 THEN 'Summary of case ' || g END,
         CASE WHEN g % 17 = 0 THEN NULL ELSE TIMESTAMP '2025-01-01' + g * INTERVAL '13 minutes' END,
         CASE WHEN g % 29 = 0 THEN TIMESTAMP '2025-06-01' + g * INTERVAL '1 minute' END,
         -- Logged by the member themselves where they have an account and g is odd, else by staff.
         CASE WHEN (CASE WHEN g % 13 = 0 THEN g - 1 ELSE g END) % 5 IN (1, 3) AND g % 2 = 1 THEN 'm' || (CASE WHEN g % 13 = 0 THEN g - 1 ELSE g END) ELSE 'staff' || (1 + g % 20) END,
         1 + g % 4, TIMESTAMP '2025-01-01' + g * INTERVAL '13 minutes', TIMESTAMP '2025-02-01' + g * INTERVAL '17 minutes', g % 5,
         CASE WHEN g % 9 = 0 THEN 28 END, CASE WHEN g % 19 = 0 THEN 'SCOTLAND'::"Jurisdiction" END,
         CASE WHEN g % 23 = 0 THEN 'Reinstate' END
  FROM generate_series(1, ${n}) g;
INSERT INTO "CaseCounter" ("year", "last") VALUES (2025, ${n});
INSERT INTO "Sanction" ("id", "caseId", "type", "imposedOn", "imposedPrecision", "imposedBy", "reasonCategory", "reasonText", "outcome", "createdAt")
  SELECT 's' || g || '-' || s, 'k' || g, ${pick(SANCTION_TYPES, 'g + s')}::"SanctionType", DATE '2022-01-01' + (g * 3 + s * 200) % 1200,
         ${pick(['DAY', 'MONTH', 'YEAR', 'APPROXIMATE'], 'g + s')}::"DatePrecision",
         ${pick(['GENERAL_SECRETARY', 'GOVERNANCE_LEGAL_UNIT', 'NEC_DISPUTES_PANEL', 'NCC', 'REGIONAL_OFFICE', 'OTHER'], 'g * s')}::"BodyKind",
         CASE WHEN g % 8 = 0 THEN NULL ELSE ${pick(REASONS, 'g + s * 2')}::"ReasonCategory" END,
         CASE WHEN g % 4 = 0 THEN NULL ELSE 'The reason as written, for sanction ' || s || ' of case ' || g END,
         ${pick(['PENDING', 'UPHELD', 'OVERTURNED', 'QUASHED_BY_COURT', 'LIFTED', 'WITHDRAWN'], 'g + s')}::"SanctionOutcome",
         TIMESTAMP '2025-01-01' + g * INTERVAL '13 minutes' + s * INTERVAL '1 day'
  FROM generate_series(1, ${n}) g, generate_series(1, 2) s WHERE s = 1 OR g % 3 = 0;
INSERT INTO "TimelineEvent" ("id", "caseId", "type", "occurredOn", "datePrecision", "title", "details", "visibility", "createdById", "version",
                             "createdAt", "updatedAt", "deletedAt", "receivedOn", "windowDays", "privileged", "withoutPrejudice", "decisionOutcome")
  SELECT 'e' || g || '-' || i, 'k' || g, CASE WHEN i = 1 THEN 'NOTICE_OF_SUSPENSION' ELSE ${pick(OLD_EVENT_TYPES, 'g + i * 7')} END::"EventType",
         DATE '2022-01-01' + (g * 3 + i * 40) % 1400, ${pick(['DAY', 'DAY', 'DAY', 'MONTH', 'YEAR', 'APPROXIMATE'], 'g + i')}::"DatePrecision",
         'Event ' || i || ' of case ' || g, CASE WHEN (g + i) % 2 = 0 THEN 'Details ' || g || '/' || i END,
         CASE WHEN (g + i) % 5 = 0 THEN 'CASEWORKERS' ELSE 'SHARED' END::"Visibility", 'staff' || (1 + g % 20), 1 + i % 3,
         TIMESTAMP '2025-01-01' + g * INTERVAL '13 minutes' + i * INTERVAL '1 hour', TIMESTAMP '2025-01-01' + g * INTERVAL '13 minutes' + i * INTERVAL '2 hours',
         CASE WHEN (g * i) % 97 = 0 THEN TIMESTAMP '2025-09-01' END, CASE WHEN (g + i) % 11 = 0 THEN DATE '2022-01-05' + (g * 3 + i * 40) % 1400 END,
         CASE WHEN (g + i) % 13 = 0 THEN 14 END, (g + i) % 17 = 0, (g + i) % 19 = 0,
         CASE WHEN ${pick(OLD_EVENT_TYPES, 'g + i * 7')} IN ('DECISION', 'APPEAL_DECIDED') AND i > 1 THEN ${pick(['ADVERSE', 'FAVOURABLE', 'NOT_KNOWN'], 'g')}::"DecisionOutcome" END
  FROM generate_series(1, ${n}) g, generate_series(1, ${e}) i;
INSERT INTO "Assignment" ("id", "caseId", "caseworkerId", "assignedById", "startedAt", "endedAt")
  SELECT 'a' || g, 'k' || g, 'staff' || (2 + g % 19), 'staff1', TIMESTAMP '2025-03-01' + g * INTERVAL '5 minutes', CASE WHEN g % 31 = 0 THEN TIMESTAMP '2025-08-01' END
  FROM generate_series(1, ${n}) g WHERE g % 6 <> 0;
INSERT INTO "Deadline" ("id", "caseId", "eventId", "kind", "dueOn", "correspondingOn", "rule", "updatedAt", "closedReason")
  SELECT 'd' || g, 'k' || g, 'e' || g || '-1', 'APPEAL_WINDOW', DATE '2025-01-27' + g % 300, DATE '2025-01-27' + g % 300, 'Counted in the old way', TIMESTAMP '2025-04-01',
         CASE WHEN g % 12 = 0 THEN 'CASE_CLOSED'::"DeadlineClosure" END
  FROM generate_series(1, ${n}) g WHERE g % 4 = 0;
INSERT INTO "AuditLog" ("id", "actorId", "action", "entityType", "entityId", "caseId", "fields", "createdAt", "memberVisible")
  SELECT 'l' || g, c."createdById", 'case.create', 'Case', c."id", c."id", ARRAY['wants', 'summary', 'consentGivenAt'], c."createdAt", true
  FROM "Case" c, LATERAL (SELECT substr(c."id", 2)::int AS g) x;
ANALYZE;
`;
}

// Bulk benchmark data: 10,000 cases with 100,000 timeline events (by default), spread over
// 80 branches in 10 regions, every stage, outcome and sanction type, mixed date precisions and visibility,
// plus a coordinator account with a known password. Multi-row INSERTs in batches, then ANALYZE.
//
//   DATA_DIR=/tmp/bench npx tsx scripts/bench/load-bulk.ts [--cases 10000] [--events-per-case 10] [--force]
//
// Loads into the database the environment names (DATA_DIR or DATABASE_URL). Refuses a database
// that already has users or cases unless --force: this is fake data, never for a real installation.
// Deterministic: the same options always produce the same rows.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { db } from '../../lib/db/client';
import { hashPassword } from '../../lib/auth/password';
import type {
  AppealStatus,
  BodyKind,
  CaseOutcome,
  CaseStage,
  DatePrecision,
  EventType,
  ReasonCategory,
  SanctionOutcome,
  SanctionType,
  Visibility,
} from '../../lib/db/generated/enums';
import { BODY_LABELS, EVENT_TYPE_LABELS } from '../../lib/cases/labels';

export const BENCH_COORDINATOR = {
  email: 'bench-coordinator@bench.reinstate.test',
  password: 'bench-coordinator-pass',
  name: 'Bench Coordinator',
};

export type BulkOptions = { cases?: number; eventsPerCase?: number; force?: boolean; log?: (msg: string) => void };
export type BulkResult = {
  cases: number;
  events: number;
  sanctions: number;
  people: number;
  users: number;
  branches: number;
  regions: number;
  /** A case with exactly `eventsPerCase` live events, for benchmarking the case page. */
  sampleReference: string;
  coordinator: { email: string; password: string };
  seconds: number;
};

// ---------------------------------------------------------------- deterministic randomness
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(20261121);
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const chance = (p: number) => rand() < p;
function weighted<T extends string>(table: Record<T, number>): () => T {
  const entries = Object.entries(table) as [T, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = rand() * total;
    for (const [k, w] of entries) if ((r -= w) < 0) return k;
    return entries[entries.length - 1]![0];
  };
}

/** cuid-shaped ids (25 chars, starts with c), unique by construction. */
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789';
function makeId(kind: string, n: number): string {
  let tail = '';
  for (let i = 0; i < 16; i++) tail += ID_CHARS[Math.floor(rand() * 36)];
  return `c${kind}${n.toString(36).padStart(7, '0')}${tail}`;
}

// ---------------------------------------------------------------- SQL literals
type Sql = string | number | boolean | null | Date | string[] | { date: Date };
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
function lit(v: Sql): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return quote(v);
  if (v instanceof Date) return quote(v.toISOString().replace('T', ' ').replace('Z', ''));
  if (Array.isArray(v)) return v.length ? `ARRAY[${v.map(quote).join(',')}]::text[]` : `'{}'::text[]`;
  return quote(v.date.toISOString().slice(0, 10));
}

async function insert(table: string, columns: string[], rows: Sql[][], batch = 1000): Promise<void> {
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += batch) {
    const values = rows
      .slice(i, i + batch)
      .map((r) => `(${r.map(lit).join(',')})`)
      .join(',\n');
    await db.$executeRawUnsafe(head + values);
  }
}

// ---------------------------------------------------------------- vocabulary
const REGIONS = [
  'London',
  'South East',
  'South West',
  'Eastern',
  'East Midlands',
  'West Midlands',
  'North West',
  'North East',
  'Yorkshire and the Humber',
  'Wales',
];
const PLACE_A = [
  'Ash',
  'Bram',
  'Cold',
  'Elm',
  'Fern',
  'Glen',
  'Hart',
  'Kings',
  'Lark',
  'Mill',
  'Oak',
  'Pen',
  'Red',
  'Stan',
  'Thorn',
  'Wil',
  'Brack',
  'Crow',
  'Hollow',
  'Marl',
];
const PLACE_B = ['brook', 'by', 'combe', 'dale', 'field', 'ford', 'ham', 'ley', 'mere', 'moor', 'ton', 'wick'];
const QUARTER = ['', ' North', ' South', ' East', ' West', ' Central'];
const FIRST = [
  'Margaret',
  'David',
  'Priya',
  'Tom',
  'Eileen',
  'Samuel',
  'Aisha',
  'Gareth',
  'Fiona',
  'Joseph',
  'Nadia',
  'Colin',
  'Bridget',
  'Kwame',
  'Rhiannon',
  'Patrick',
  'Sunita',
  'Alan',
  'Maureen',
  'Dev',
  'Hannah',
  'Owen',
  'Grace',
  'Ibrahim',
  'Lesley',
  'Martin',
  'Yasmin',
  'Keith',
  'Shona',
  'Rafael',
];
const LAST = [
  'Hollins',
  'Okafor',
  'Raman',
  'Ashworth',
  'Brodie',
  'Kaye',
  'Adebayo',
  'Lowry',
  'Marsh',
  'Calder',
  'Pryor',
  'Nolan',
  'Bhatt',
  'Evans',
  'Fletcher',
  'Garside',
  'Hughes',
  'Iqbal',
  'Jarvis',
  'Kowalski',
  'Lindqvist',
  'Mensah',
  'Norris',
  'Oyelaran',
  'Pickering',
  'Quinn',
  'Rees',
  'Sutcliffe',
  'Thackeray',
  'Whitlow',
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
const WANTS = ['APPEAL', 'REINSTATEMENT', 'INFORMATION'];

// Stage and outcome drawn together (one draw, as the single status it replaces was), "STAGE" or "STAGE:OUTCOME".
const standing = weighted({
  INTAKE: 5,
  INVESTIGATION: 35,
  AWAITING_DECISION: 8,
  'DECIDED:SANCTION_CONFIRMED': 10,
  'DECIDED:SANCTION_LIFTED': 4,
  APPEAL: 9,
  REVIEW: 2,
  LEGAL_ACTION: 3,
  'CLOSED:REINSTATED': 7,
  'CLOSED:SANCTION_CONFIRMED': 6,
  'CLOSED:CHOSE_NOT_TO_APPEAL': 4,
  'CLOSED:RESIGNED': 4,
  'CLOSED:WITHDRAWN': 2,
  'CLOSED:ENDORSED_AFTER_RERUN': 1,
} satisfies Partial<Record<CaseStage | `${CaseStage}:${CaseOutcome}`, number>>);
type Standing = ReturnType<typeof standing>;
const appeal = weighted<AppealStatus>({
  NOT_STARTED: 40,
  CONSIDERING: 15,
  LODGED: 15,
  ALLOWED: 5,
  DISMISSED: 10,
  NOT_AVAILABLE: 15,
});
const sanctionType = weighted<SanctionType>({
  ADMINISTRATIVE_SUSPENSION: 35,
  SUSPENSION: 15,
  EXPULSION: 15,
  AUTO_EXCLUSION: 15,
  WHIP_WITHDRAWN: 1,
  ENDORSEMENT_WITHHELD: 3,
  BRANCH_SUSPENDED: 5,
  MEMBERSHIP_REFUSED: 6,
  OTHER: 5,
});
const body = weighted<BodyKind>({
  GENERAL_SECRETARY: 30,
  GOVERNANCE_LEGAL_UNIT: 35,
  NEC_DISPUTES_PANEL: 12,
  NCC: 10,
  REGIONAL_OFFICE: 8,
  PARTY_LEADER: 1,
  COURT: 1,
  OTHER: 3,
});
const reason = weighted<ReasonCategory>({
  MOTION: 20,
  SOCIAL_MEDIA: 30,
  PROSCRIBED_ORGANISATION: 18,
  DISCRIMINATION: 7,
  PREJUDICIAL_CONDUCT: 15,
  OPPOSING_CANDIDATE: 3,
  OTHER: 7,
});
const outcome = weighted<SanctionOutcome>({
  PENDING: 55,
  UPHELD: 25,
  OVERTURNED: 6,
  QUASHED_BY_COURT: 2,
  LIFTED: 8,
  WITHDRAWN: 4,
});
const precision = weighted<DatePrecision>({ DAY: 70, MONTH: 18, YEAR: 7, APPROXIMATE: 5 });
const laterEvent = weighted<Exclude<EventType, 'NOTICE_OF_SUSPENSION'>>({
  NOTICE_OF_INVESTIGATION: 8,
  LETTER_RECEIVED: 14,
  LETTER_SENT: 14,
  SAR_SENT: 6,
  SAR_RESPONSE_RECEIVED: 5,
  RESPONSE_SUBMITTED: 6,
  HEARING_SCHEDULED: 3,
  HEARING_HELD: 3,
  DECISION: 3,
  APPEAL_LODGED: 2,
  APPEAL_DECIDED: 1,
  LEGAL_ACTION_STARTED: 1,
  COURT_RULING: 1,
  REINSTATED: 1,
  RE_SUSPENDED: 1,
  MEETING_OR_CONTACT: 10,
  NOTE: 21,
  CANDIDATE_SELECTED: 0,
  ENDORSEMENT_WITHHELD: 0,
  SELECTION_RERUN: 0,
  ENDORSED: 0,
  RESIGNED: 0,
});
const REASON_TEXT: Record<ReasonCategory, string> = {
  MOTION:
    '"...pending an investigation into your conduct in allowing a motion to be debated contrary to guidance issued by the General Secretary."',
  SOCIAL_MEDIA:
    '"It has been brought to our attention that you may have engaged in a pattern of behaviour on social media which is grossly detrimental to the Party."',
  PROSCRIBED_ORGANISATION:
    '"...you have supported an organisation which the NEC has determined is not compatible with Party membership. You are therefore automatically excluded."',
  DISCRIMINATION:
    '"A complaint has been received alleging conduct that may amount to discrimination. The matter will be investigated."',
  PREJUDICIAL_CONDUCT:
    '"...conduct which in the opinion of the NEC is prejudicial, or grossly detrimental, to the Party."',
  OPPOSING_CANDIDATE: '"...supporting a candidate standing against an officially endorsed Party candidate."',
  OTHER: '"We have received a complaint about your conduct which, if proven, may be incompatible with membership."',
};
const DETAILS = [
  'Letter arrived by email late on a Friday; no named sender, only "Governance and Legal Unit".',
  'Phoned the regional office; told the case is "with the national team" and there is no timescale.',
  'Sent by recorded delivery. Copy kept with the member; scan uploaded.',
  'The member remembers the month but not the day: the envelope was thrown away.',
  'Caseworker reviewed the bundle; the screenshot relied on is undated and cropped.',
  'Branch secretary confirms the motion was on the agenda circulated seven days before the meeting.',
  'Reply promised "in due course". Diary a chaser for four weeks.',
  'Member is worried about the effect on their council seat; reassured and explained next steps.',
];

const DAY_MS = 86_400_000;
const utcDay = (t: number) => {
  const d = new Date(t);
  d.setUTCHours(0, 0, 0, 0);
  return d;
};
/** The earliest possible day for a precision, like lib/dates/partial-date.ts stores it. */
function earliest(d: Date, p: DatePrecision): Date {
  if (p === 'DAY') return d;
  if (p === 'MONTH') return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  return new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
}

export async function loadBulk(options: BulkOptions = {}): Promise<BulkResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const nCases = options.cases ?? 10_000;
  const perCase = options.eventsPerCase ?? 10;
  if (!options.force && ((await db.user.count()) > 0 || (await db.case.count()) > 0)) {
    throw new Error(
      'This database already has users or cases. The bulk loader only fills an empty, throwaway database (use --force to override).',
    );
  }
  const now = Date.now();
  const cap = now - 2 * DAY_MS; // nothing in the future
  const tNow = new Date(now);

  // Organisation and bodies.
  const orgId = makeId('o', 1);
  await insert(
    'Organisation',
    ['id', 'name', 'jurisdiction', 'defaultResponseDays', 'defaultAppealDays'],
    [[orgId, 'The Party', 'ENGLAND_WALES', 14, 21]],
  );
  const kinds: BodyKind[] = [
    'GENERAL_SECRETARY',
    'GOVERNANCE_LEGAL_UNIT',
    'NEC_DISPUTES_PANEL',
    'NCC',
    'REGIONAL_OFFICE',
    'PARTY_LEADER',
    'COURT',
    'OTHER',
  ];
  await insert(
    'Body',
    ['id', 'organisationId', 'kind', 'name', 'postalAddress', 'email'],
    kinds.map((k, i) => [
      makeId('b', i),
      orgId,
      k,
      BODY_LABELS[k],
      `${k.replace(/_/g, ' ')}, 1 Example Street, London SE1 7XX`,
      `${k.toLowerCase()}@party.example`,
    ]),
  );

  // Regions and branches: 8 per region, some with fewer than 5 members (small cells).
  const regions = REGIONS.map((name, i) => ({ id: makeId('r', i), name }));
  await insert(
    'Region',
    ['id', 'name'],
    regions.map((r) => [r.id, r.name]),
  );
  const branchNames = new Set<string>();
  const branches: { id: string; regionId: string; name: string; memberCount: number }[] = [];
  for (const r of regions) {
    for (let j = 0; j < 8; j++) {
      let name: string;
      do name = `${pick(PLACE_A)}${pick(PLACE_B)}${pick(QUARTER)}`;
      while (branchNames.has(name));
      branchNames.add(name);
      branches.push({
        id: makeId('h', branches.length),
        regionId: r.id,
        name,
        memberCount: chance(0.08) ? int(1, 4) : int(40, 900),
      });
    }
  }
  await insert(
    'Branch',
    ['id', 'name', 'regionId', 'memberCount'],
    branches.map((b) => [b.id, b.name, b.regionId, b.memberCount]),
  );

  // Users: the bench coordinator, 40 caseworkers, and member accounts for ~30% of people.
  const coordinatorId = makeId('u', 0);
  const users: Sql[][] = [
    [
      coordinatorId,
      BENCH_COORDINATOR.email,
      BENCH_COORDINATOR.name,
      await hashPassword(BENCH_COORDINATOR.password),
      'COORDINATOR',
      tNow,
    ],
  ];
  const caseworkers: string[] = [];
  for (let i = 1; i <= 40; i++) {
    const id = makeId('u', i);
    caseworkers.push(id);
    users.push([
      id,
      `caseworker-${String(i).padStart(3, '0')}@bench.reinstate.test`,
      `${pick(FIRST)} ${pick(LAST)}`,
      null,
      'CASEWORKER',
      tNow,
    ]);
  }

  // People and cases.
  type CaseRow = {
    id: string;
    personId: string;
    createdAt: Date;
    createdById: string;
    standing: Standing;
    memberUserId: string | null;
    caseworker: string | null;
    events: number;
  };
  const people: Sql[][] = [];
  const cases: CaseRow[] = [];
  const sanctions: Sql[][] = [];
  const starts: Date[] = [];
  const from = Date.UTC(2020, 0, 1);
  const until = Date.UTC(2025, 11, 31);
  for (let i = 0; i < nCases; i++) {
    const branch = pick(branches);
    const personId = makeId('p', i);
    let memberUserId: string | null = null;
    if (chance(0.3)) {
      memberUserId = makeId('u', 1000 + i);
      users.push([memberUserId, `member-${String(i).padStart(5, '0')}@bench.reinstate.test`, '', null, 'MEMBER', tNow]);
    }
    const fullName = `${pick(FIRST)} ${pick(LAST)}`;
    if (memberUserId) users[users.length - 1]![2] = fullName;
    people.push([
      personId,
      fullName,
      chance(0.8) ? `L${String(int(100000, 1999999)).padStart(7, '0')}` : null,
      memberUserId ? `member-${String(i).padStart(5, '0')}@bench.reinstate.test` : null,
      branch.id,
      branch.regionId,
      chance(0.35) ? [pick(ROLES)] : [],
      memberUserId,
    ]);

    // Events per case vary (5..15) but pair up so the total is exactly nCases × perCase.
    const spread = Math.min(5, perCase);
    const d = i % 2 === 0 ? int(-spread, spread) : -(cases[i - 1]!.events - perCase);
    const first = utcDay(from + rand() * (until - from));
    starts.push(first);
    const createdAt = new Date(Math.min(cap, first.getTime() + int(10, 400) * DAY_MS) + int(8, 20) * 3_600_000);
    const caseworker = chance(0.8) ? pick(caseworkers) : null;
    const createdById = memberUserId && chance(0.7) ? memberUserId : (caseworker ?? coordinatorId);
    cases.push({
      id: makeId('k', i),
      personId,
      createdAt,
      createdById,
      standing: standing(),
      memberUserId,
      caseworker,
      events: perCase + d,
    });

    const nSanctions = chance(0.3) ? 2 : 1;
    for (let s = 0; s < nSanctions; s++) {
      const p = s === 0 ? precision() : 'DAY';
      const when = s === 0 ? first : utcDay(Math.min(cap, first.getTime() + int(60, 700) * DAY_MS));
      const rc = reason();
      sanctions.push([
        makeId('s', sanctions.length),
        cases[i]!.id,
        s === 0 ? sanctionType() : pick(['EXPULSION', 'SUSPENSION', 'AUTO_EXCLUSION'] as const),
        { date: earliest(when, p) },
        p,
        body(),
        rc,
        REASON_TEXT[rc],
        s === 0 && nSanctions === 2 ? 'UPHELD' : outcome(),
      ]);
    }
  }
  // Human references per year in order of creation, and the counter that continues them.
  const byCreation = [...cases].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const perYear = new Map<number, number>();
  const references = new Map<string, string>();
  for (const c of byCreation) {
    const y = c.createdAt.getUTCFullYear();
    const n = (perYear.get(y) ?? 0) + 1;
    perYear.set(y, n);
    references.set(c.id, `RS-${y}-${String(n).padStart(4, '0')}`);
  }

  log(`generating ${nCases} cases…`);
  await insert('User', ['id', 'email', 'name', 'passwordHash', 'role', 'updatedAt'], users);
  await insert(
    'Person',
    ['id', 'fullName', 'membershipNumber', 'email', 'branchId', 'regionId', 'rolesHeld', 'userId'],
    people,
  );
  const withdrawn = () => chance(0.02);
  await insert(
    'Case',
    [
      'id',
      'reference',
      'personId',
      'stage',
      'outcome',
      'appealStatus',
      'wants',
      'summary',
      'consentGivenAt',
      'consentWithdrawnAt',
      'createdById',
      'createdAt',
      'updatedAt',
    ],
    cases.map((c) => {
      const w = withdrawn();
      const [stage, outcome = null] = c.standing.split(':');
      return [
        c.id,
        references.get(c.id)!,
        c.personId,
        stage!,
        outcome,
        appeal(),
        WANTS.filter(() => chance(0.5)),
        chance(0.6) ? pick(DETAILS) : null,
        chance(0.97) ? c.createdAt : null,
        w ? new Date(Math.min(now, c.createdAt.getTime() + 30 * DAY_MS)) : null,
        c.createdById,
        c.createdAt,
        c.createdAt,
      ];
    }),
  );
  // Each case's history starts where it stands (ids made without the random stream, so the rest stays as it was).
  await insert(
    'CaseStageChange',
    ['id', 'caseId', 'toStage', 'toOutcome', 'reason', 'changedById', 'createdAt'],
    cases.map((c) => {
      const [stage, outcome = null] = c.standing.split(':');
      return [`cg${c.id.slice(2)}`, c.id, stage!, outcome, 'Case opened', c.createdById, c.createdAt];
    }),
  );
  await insert(
    'CaseCounter',
    ['year', 'last'],
    [...perYear].map(([y, n]) => [y, n]),
  );
  await insert(
    'Sanction',
    ['id', 'caseId', 'type', 'imposedOn', 'imposedPrecision', 'imposedBy', 'reasonCategory', 'reasonText', 'outcome'],
    sanctions,
  );

  // Assignments: most cases have one caseworker, some two, some an assignment that ended.
  const assignments: Sql[][] = [];
  for (const c of cases) {
    if (!c.caseworker) continue;
    assignments.push([makeId('a', assignments.length), c.id, c.caseworker, coordinatorId, c.createdAt, null]);
    if (chance(0.1))
      assignments.push([makeId('a', assignments.length), c.id, pick(caseworkers), coordinatorId, c.createdAt, null]);
    if (chance(0.05))
      assignments.push([
        makeId('a', assignments.length),
        c.id,
        pick(caseworkers),
        coordinatorId,
        c.createdAt,
        new Date(Math.min(now, c.createdAt.getTime() + 60 * DAY_MS)),
      ]);
  }
  await insert('Assignment', ['id', 'caseId', 'caseworkerId', 'assignedById', 'startedAt', 'endedAt'], assignments);

  // Timeline: a notice first, then letters, SARs, notes… at increasing dates; ~20% caseworkers-only, ~1% deleted.
  log(`generating ${nCases * perCase} timeline events…`);
  const events: Sql[][] = [];
  let sample: string | undefined;
  const flush = async () => {
    await insert(
      'TimelineEvent',
      [
        'id',
        'caseId',
        'type',
        'occurredOn',
        'datePrecision',
        'title',
        'details',
        'visibility',
        'createdById',
        'createdAt',
        'updatedAt',
        'deletedAt',
      ],
      events.splice(0),
      2000,
    );
  };
  let nEvents = 0;
  for (const [i, c] of cases.entries()) {
    let t = starts[i]!.getTime() - int(0, 30) * DAY_MS;
    let deletedHere = false;
    for (let e = 0; e < c.events; e++) {
      const type: EventType = e === 0 ? 'NOTICE_OF_SUSPENSION' : laterEvent();
      const staffOnly = type === 'NOTE' ? chance(0.6) : chance(0.08);
      const visibility: Visibility = staffOnly ? 'CASEWORKERS' : 'SHARED';
      const p = precision();
      const day = earliest(utcDay(Math.min(t, cap - int(0, 60) * DAY_MS)), p);
      const author = staffOnly
        ? (c.caseworker ?? coordinatorId)
        : c.memberUserId && chance(0.5)
          ? c.memberUserId
          : (c.caseworker ?? coordinatorId);
      const created = new Date(c.createdAt.getTime() + e * 3_600_000);
      const deleted = chance(0.01);
      deletedHere ||= deleted;
      events.push([
        makeId('e', nEvents++),
        c.id,
        type,
        { date: day },
        p,
        EVENT_TYPE_LABELS[type],
        chance(0.5) ? pick(DETAILS) : null,
        visibility,
        author,
        created,
        created,
        deleted ? created : null,
      ]);
      t += int(3, 90) * DAY_MS;
    }
    if (!sample && i >= nCases / 2 && c.events === perCase && !deletedHere) sample = references.get(c.id);
    if (events.length >= 20_000) await flush();
  }
  await flush();

  // One audit row per case, as the app writes on creation.
  await insert(
    'AuditLog',
    ['id', 'actorId', 'action', 'entityType', 'entityId', 'caseId', 'fields', 'createdAt'],
    cases.map((c, i) => [
      makeId('l', i),
      c.createdById,
      'case.create',
      'Case',
      c.id,
      c.id,
      ['wants', 'summary', 'consentGivenAt'],
      c.createdAt,
    ]),
  );

  // PGlite has no autovacuum: without fresh statistics the planner ignores the indexes.
  await db.$executeRawUnsafe('ANALYZE');
  return {
    cases: cases.length,
    events: nEvents,
    sanctions: sanctions.length,
    people: people.length,
    users: users.length,
    branches: branches.length,
    regions: regions.length,
    sampleReference: sample ?? references.get(cases[0]!.id)!,
    coordinator: { email: BENCH_COORDINATOR.email, password: BENCH_COORDINATOR.password },
    seconds: (Date.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------- command line
if (
  process.argv[1] &&
  path.resolve(process.argv[1]).replace(/\.[cm]?[jt]s$/, '') === path.resolve(__dirname, 'load-bulk')
) {
  (async () => {
    const { values } = parseArgs({
      options: { cases: { type: 'string' }, 'events-per-case': { type: 'string' }, force: { type: 'boolean' } },
    });
    const { applyMigrations } = await import('../../lib/db/migrate');
    const { closeDb } = await import('../../lib/db/client');
    await applyMigrations();
    const result = await loadBulk({
      cases: values.cases ? Number(values.cases) : undefined,
      eventsPerCase: values['events-per-case'] ? Number(values['events-per-case']) : undefined,
      force: values.force,
      log: (m) => console.log(m),
    });
    await closeDb();
    console.log(JSON.stringify(result, null, 2));
  })().then(
    () => process.exit(0), // the wasm schema engine leaves a timer running
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

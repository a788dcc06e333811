import { db } from '@/lib/db/client';
import { DEMO_GROUP_CASE_COUNT } from '@/lib/seed/demo-groups';
import { DEMO_STAFF_CASE_COUNT } from '@/lib/seed/demo-staff-cases';
import { caseScope } from '@/lib/auth/policy';
import { itemsForReader } from '@/lib/auth/audience';
import { verifyPassword } from '@/lib/auth/password';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { DEMO_CASES, DEMO_USERS, seedDemo } from '@/lib/seed/demo-seed';
import { ctx } from '../helpers/factories';

// seedDemo only runs on a database without users. With PGlite each test file has its own fresh
// copy of the migrated database; with DATABASE_URL every file shares one server database that
// other files fill with users, so these tests only run on the embedded engine.
const describeEmpty = process.env.DATABASE_URL ? describe.skip : describe;

const account = async (email: string) =>
  db.user.findUniqueOrThrow({ where: { email }, select: { id: true, role: true, passwordHash: true } });

describeEmpty('seedDemo', () => {
  let first: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    expect(await db.user.count()).toBe(0);
    first = await seedDemo();
  }, 60_000);

  it('creates one account per role with the documented passwords, hashed', async () => {
    expect(first.created).toBe(true);
    expect(first.accounts.map((a) => [a.role, a.email])).toEqual([
      ['COORDINATOR', 'coordinator@demo.reinstate.test'],
      ['CASEWORKER', 'caseworker@demo.reinstate.test'],
      ['CASEWORKER', 'caseworker2@demo.reinstate.test'],
      ['MEMBER', 'member@demo.reinstate.test'],
    ]);
    for (const a of first.accounts) {
      expect(a.password.length).toBeGreaterThanOrEqual(10);
      const user = await account(a.email);
      expect(user.role).toBe(a.role);
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
      expect(user.passwordHash).not.toContain(a.password);
      expect(await verifyPassword(user.passwordHash, a.password)).toBe(true);
    }
  });

  it('creates the organisation with a body per kind, regions and branches including small ones', async () => {
    const org = await db.organisation.findFirstOrThrow({ include: { bodies: true } });
    expect(org).toMatchObject({
      name: 'The Party',
      jurisdiction: 'ENGLAND_WALES',
      defaultResponseDays: 14,
      defaultAppealDays: 21,
    });
    expect(new Set(org.bodies.map((b) => b.kind)).size).toBe(8);
    expect(org.bodies.find((b) => b.kind === 'GOVERNANCE_LEGAL_UNIT')?.postalAddress).toMatch(
      /Governance and Legal Unit/,
    );
    expect(await db.region.count()).toBeGreaterThanOrEqual(4);
    const branches = await db.branch.findMany();
    expect(branches.length).toBeGreaterThanOrEqual(8);
    expect(branches.some((b) => b.memberCount < 5)).toBe(true);
    expect(branches.some((b) => b.memberCount >= 5)).toBe(true);
  });

  it('creates the fictional cases with sanctions, dated timelines and assignments', async () => {
    const cases = await db.case.findMany({
      orderBy: { reference: 'asc' },
      include: { person: true, sanctions: true, events: true, assignments: true },
    });
    expect(cases).toHaveLength(DEMO_CASES.length + DEMO_GROUP_CASE_COUNT + DEMO_STAFF_CASE_COUNT);
    expect(cases.length).toBeGreaterThanOrEqual(5);
    for (const c of cases) {
      expect(c.reference).toMatch(/^RS-\d{4}-\d{4}$/);
      expect(c.consentGivenAt).not.toBeNull();
      expect(c.sanctions.length).toBeGreaterThanOrEqual(1);
      expect(c.events.length).toBeGreaterThanOrEqual(4);
      expect(c.events.length).toBeLessThanOrEqual(10);
      expect(c.person.branchId).not.toBeNull();
      expect(c.person.regionId).not.toBeNull();
      for (const s of c.sanctions) expect(s.imposedOn!.getUTCHours()).toBe(0);
    }
    // Every case is timestamped in the past and no event is in the future.
    const now = Date.now();
    expect(cases.flatMap((c) => c.events).every((e) => e.occurredOn.getTime() <= now)).toBe(true);
    // Mixed precisions and visibilities.
    const precisions = new Set(cases.flatMap((c) => c.events.map((e) => e.datePrecision)));
    expect([...precisions].sort()).toEqual(['APPROXIMATE', 'DAY', 'MONTH', 'YEAR']);
    expect(cases.flatMap((c) => c.events).some((e) => e.visibility === 'CASEWORKERS')).toBe(true);
    // Most cases are assigned.
    expect(cases.filter((c) => c.assignments.length > 0).length).toBeGreaterThanOrEqual(cases.length - 1);

    // (d) suspended, quashed by a court, re-imposed.
    const court = cases.find((c) => c.events.some((e) => e.type === 'COURT_RULING'));
    expect(court?.events.map((e) => e.type)).toContain('RE_SUSPENDED');
    expect(court?.sanctions.map((s) => s.outcome).sort()).toEqual(['PENDING', 'QUASHED_BY_COURT']);
    // (c) auto-exclusion, (a) motion, (b) social media.
    expect(
      cases.some((c) =>
        c.sanctions.some((s) => s.type === 'AUTO_EXCLUSION' && s.reasonCategory === 'PROSCRIBED_ORGANISATION'),
      ),
    ).toBe(true);
    expect(
      cases.some((c) => c.sanctions.some((s) => s.reasonCategory === 'MOTION') && c.person.rolesHeld.includes('Chair')),
    ).toBe(true);
    expect(
      cases.some((c) => c.sanctions.some((s) => s.type === 'EXPULSION' && s.reasonCategory === 'SOCIAL_MEDIA')),
    ).toBe(true);
    // (f) an offline person opened by a caseworker.
    const caseworker = await account(DEMO_USERS.caseworker.email);
    expect(cases.some((c) => c.person.userId === null && c.createdById === caseworker.id)).toBe(true);
    // Cases staff opened with the member's consent taken by phone or in writing: one claim link waiting, one used (issue 10, point 1).
    const claims = await db.caseClaim.findMany({
      select: {
        usedAt: true,
        usedById: true,
        case: { select: { consentMethod: true, consentTakenById: true, person: { select: { userId: true } } } },
      },
    });
    expect(
      claims.filter(
        (c) =>
          c.usedAt === null &&
          c.case.consentMethod === 'BY_PHONE' &&
          c.case.person.userId === null &&
          c.case.consentTakenById === caseworker.id,
      ),
    ).toHaveLength(1);
    expect(claims.filter((c) => c.usedAt !== null && c.usedById === c.case.person.userId)).toHaveLength(1);
  });

  it('records the seed in the audit log without an actor', async () => {
    const rows = await db.auditLog.findMany({ where: { action: 'seed.create' } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.actorId === null)).toBe(true);
    expect(rows.filter((r) => r.entityType === 'Case')).toHaveLength(
      DEMO_CASES.length + DEMO_GROUP_CASE_COUNT + DEMO_STAFF_CASE_COUNT,
    );
    expect(rows.filter((r) => r.entityType === 'User')).toHaveLength(4);
  });

  it('is idempotent: a second run adds nothing', async () => {
    const counts = async () => ({
      users: await db.user.count(),
      cases: await db.case.count(),
      events: await db.timelineEvent.count(),
      people: await db.person.count(),
      branches: await db.branch.count(),
      orgs: await db.organisation.count(),
    });
    const before = await counts();
    await expect(seedDemo()).resolves.toEqual({ created: false, accounts: [] });
    expect(await counts()).toEqual(before);
    expect(before.orgs).toBe(1);
  });

  it('lets the demo member see only their own case, and none of the caseworker-only notes', async () => {
    const member = await account(DEMO_USERS.member.email);
    const actor = { id: member.id, role: member.role };
    const visible = await db.case.findMany({ where: caseScope(actor), include: { person: true } });
    expect(visible).toHaveLength(1);
    expect(visible[0]!.person.userId).toBe(member.id);

    const allEvents = await db.timelineEvent.count({ where: { caseId: visible[0]!.id } });
    const memberEvents = await db.timelineEvent.count({ where: { caseId: visible[0]!.id, ...itemsForReader(actor) } });
    expect(memberEvents).toBeLessThan(allEvents);

    const view = await getCaseForViewer(
      { ...actor, name: 'x', email: DEMO_USERS.member.email } as never,
      visible[0]!.reference,
      ctx,
    );
    expect(view.events.every((e) => e.visibility === 'SHARED')).toBe(true);
    expect(view.assignments.map((a) => a.caseworker.name)).toEqual([DEMO_USERS.caseworker.name]);

    const others = await db.case.findMany({ where: { NOT: { id: visible[0]!.id } }, select: { reference: true } });
    for (const o of others)
      await expect(getCaseForViewer(actor as never, o.reference, ctx)).rejects.toThrow('Not found');
  });

  it('gives each caseworker exactly their assigned cases, and the coordinator all', async () => {
    for (const key of ['caseworker', 'caseworker2'] as const) {
      const u = await account(DEMO_USERS[key].email);
      const scoped = await db.case.count({ where: caseScope({ id: u.id, role: u.role }) });
      const assigned = await db.assignment.count({ where: { caseworkerId: u.id, endedAt: null } });
      expect(scoped).toBe(assigned);
      expect(scoped).toBeGreaterThan(0);
    }
    const coord = await account(DEMO_USERS.coordinator.email);
    expect(await db.case.count({ where: caseScope({ id: coord.id, role: coord.role }) })).toBe(
      DEMO_CASES.length + DEMO_GROUP_CASE_COUNT + DEMO_STAFF_CASE_COUNT,
    );
  });
});

describe('demo evidence', () => {
  it('files three encrypted, verifiable exhibits on the demo member case (one privileged), once', async () => {
    if (process.env.DATABASE_URL) return; // the shared server database already has users
    const { seedDemoEvidence } = await import('@/lib/seed/demo-evidence');
    const { verifyEvidence } = await import('@/lib/evidence/evidence-services');
    const { db } = await import('@/lib/db/client');
    await seedDemoEvidence(); // may already have run in this file's database
    const items = await db.evidence.findMany({
      where: { createdBy: { email: 'member@demo.reinstate.test' } },
      orderBy: { exhibitNumber: 'asc' },
    });
    expect(items.map((i) => i.exhibitNumber)).toEqual([1, 2, 3]);
    expect(items.map((i) => [i.privileged, i.withoutPrejudice])).toEqual([
      [false, false],
      [false, false],
      [false, true],
    ]);
    expect(await seedDemoEvidence()).toBe(0);
    const coordinator = await db.user.findUniqueOrThrow({ where: { email: 'coordinator@demo.reinstate.test' } });
    expect((await verifyEvidence(coordinator, items[0]!.id, { ip: 'x', userAgent: null })).match).toBe(true);
  });
});

describe('demo deadlines', () => {
  it('computes deadlines from the demo timelines', async () => {
    if (process.env.DATABASE_URL) return; // the shared server database already has users
    const { seedDemoDeadlines } = await import('@/lib/seed/demo-evidence');
    const { db } = await import('@/lib/db/client');
    await seedDemoDeadlines();
    const dayDated = await db.timelineEvent.count({
      where: {
        type: { in: ['SAR_SENT', 'NOTICE_OF_INVESTIGATION', 'DECISION'] },
        datePrecision: 'DAY',
        deletedAt: null,
      },
    });
    expect(dayDated).toBeGreaterThan(0);
    expect(await db.deadline.count()).toBe(dayDated);
  });
});

describe('demo group actions and related cases', () => {
  it('holds a two-branch action over six members with one letter on each timeline, a linked couple and an ended sanction', async () => {
    if (process.env.DATABASE_URL) return; // the shared server database already has users
    const { DEMO_GROUP_ACTION } = await import('@/lib/seed/demo-groups');
    if ((await db.user.count()) === 0) await seedDemo();
    const ga = await db.groupAction.findFirstOrThrow({
      where: { title: DEMO_GROUP_ACTION.title },
      include: { branches: { include: { branch: true } }, cases: true, events: true },
    });
    expect(ga.branches.map((b) => b.branch.name).sort()).toEqual(['Brindle Cross', 'Kelder Valley']);
    expect(ga.cases).toHaveLength(6);
    expect(ga.events).toHaveLength(1);
    for (const c of ga.cases) {
      expect(
        await db.timelineEvent.count({ where: { caseId: c.caseId, groupEventId: ga.events[0]!.id, deletedAt: null } }),
      ).toBe(1);
    }
    const couple = await db.caseLink.findFirstOrThrow({
      where: { relation: 'PARTNER' },
      include: { fromCase: { include: { person: true } }, toCase: { include: { person: true } } },
    });
    expect([couple.fromCase.person.fullName, couple.toCase.person.fullName].sort()).toEqual([
      'Alan Tremayne',
      'Sue Tremayne',
    ]);
    const twice = await db.sanction.findMany({
      where: { case: { person: { fullName: 'Yusuf Adebayo' } } },
      orderBy: { imposedOn: 'asc' },
    });
    expect(twice.map((s) => [s.outcome, s.endedOn?.toISOString().slice(0, 10) ?? null])).toEqual([
      ['QUASHED_BY_COURT', '2023-06-09'],
      ['PENDING', null],
    ]);
    expect(await db.caseBranch.count()).toBe(2);
  });
});

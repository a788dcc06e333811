import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { PAGE_SIZE, findCases, parseCaseFilters, type CaseFilters } from '@/lib/cases/find-cases';
import { makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// All files may share one PostgreSQL database, so every query here is narrowed to data this file
// made: a branch of its own, a caseworker of its own, or a unique name.
const filters = (f: Partial<CaseFilters> = {}): CaseFilters => ({ page: 1, ...f });
const ids = (r: Awaited<ReturnType<typeof findCases>>) => r.rows.map((row) => row.id).sort();

let coordinator: TestUser;
let caseworker: TestUser;
let north: Awaited<ReturnType<typeof makeBranch>>;
let south: Awaited<ReturnType<typeof makeBranch>>;
let northBranch2: { id: string };
let a: Awaited<ReturnType<typeof makeCase>>; // north, assigned, suspension, under investigation
let b: Awaited<ReturnType<typeof makeCase>>; // north (second branch, same region), expulsion, appeal
let c: Awaited<ReturnType<typeof makeCase>>; // south, assigned, under investigation

beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
  caseworker = await makeUser('CASEWORKER');
  north = await makeBranch();
  south = await makeBranch();
  northBranch2 = await db.branch.create({ data: { name: `Branch ${crypto.randomUUID()}`, regionId: north.region.id } });
  a = await makeCase({ caseworker, branchId: north.branch.id });
  b = await makeCase({ branchId: northBranch2.id });
  c = await makeCase({ caseworker, branchId: south.branch.id });
  await db.person.update({ where: { id: a.person.id }, data: { regionId: north.region.id } });
  await db.person.update({ where: { id: b.person.id }, data: { regionId: north.region.id } });
  await db.person.update({ where: { id: c.person.id }, data: { regionId: south.region.id } });
  await db.case.update({ where: { id: b.kase.id }, data: { status: 'APPEAL' } });
  await db.sanction.create({ data: { caseId: b.kase.id, type: 'EXPULSION' } });
});

describe('findCases filters', () => {
  it('filters by branch and by region', async () => {
    expect(ids(await findCases(coordinator, filters({ branchId: north.branch.id })))).toEqual([a.kase.id]);
    expect(ids(await findCases(coordinator, filters({ regionId: north.region.id })))).toEqual([a.kase.id, b.kase.id].sort());
    expect(ids(await findCases(coordinator, filters({ regionId: south.region.id })))).toEqual([c.kase.id]);
  });

  it('filters by status and by sanction type, within a region', async () => {
    expect(ids(await findCases(coordinator, filters({ regionId: north.region.id, status: 'APPEAL' })))).toEqual([b.kase.id]);
    expect(ids(await findCases(coordinator, filters({ regionId: north.region.id, status: 'UNDER_INVESTIGATION' })))).toEqual([a.kase.id]);
    expect(ids(await findCases(coordinator, filters({ regionId: north.region.id, sanctionType: 'EXPULSION' })))).toEqual([b.kase.id]);
    // Any of the case's sanctions counts: b also carries the factory's suspension.
    expect(ids(await findCases(coordinator, filters({ regionId: north.region.id, sanctionType: 'SUSPENSION' })))).toEqual([a.kase.id, b.kase.id].sort());
    expect(ids(await findCases(coordinator, filters({ regionId: north.region.id, sanctionType: 'WHIP_WITHDRAWN' })))).toEqual([]);
  });

  it('filters by active caseworker, and drops cases whose assignment ended', async () => {
    const other = await makeUser('CASEWORKER');
    const d = await makeCase({ caseworker: other });
    expect(ids(await findCases(coordinator, filters({ caseworkerId: other.id })))).toEqual([d.kase.id]);
    await db.assignment.updateMany({ where: { caseId: d.kase.id }, data: { endedAt: new Date() } });
    expect(ids(await findCases(coordinator, filters({ caseworkerId: other.id })))).toEqual([]);
  });

  it('shows the latest sanction, the branch, the region and active caseworkers in each row', async () => {
    const res = await findCases(coordinator, filters({ branchId: northBranch2.id }));
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]).toMatchObject({ reference: b.kase.reference, status: 'APPEAL', person: { fullName: b.person.fullName, branch: { name: expect.any(String) }, region: { name: north.region.name } } });
    expect(res.rows[0]!.sanctions).toEqual([{ type: 'EXPULSION' }]);
    const withCw = await findCases(coordinator, filters({ branchId: north.branch.id }));
    expect(withCw.rows[0]!.assignments).toEqual([{ caseworker: { id: caseworker.id, name: caseworker.name } }]);
  });
});

describe('findCases search', () => {
  it('finds by part of the name, ignoring case', async () => {
    const token = a.person.fullName.split(' ')[1]!; // the factory's unique part
    expect(ids(await findCases(coordinator, filters({ q: token.toUpperCase() })))).toEqual([a.kase.id]);
  });

  it('finds by the full reference in any case, and by part of it', async () => {
    expect(ids(await findCases(coordinator, filters({ q: c.kase.reference.toLowerCase() })))).toEqual([c.kase.id]);
    const partial = await findCases(coordinator, filters({ q: c.kase.reference.slice(2), regionId: south.region.id }));
    expect(ids(partial)).toEqual([c.kase.id]);
  });

  // Prisma's `contains` passes % and _ through to ILIKE (prisma/orm#19506); find-cases escapes them.
  it('treats search text as text, not as a pattern', async () => {
    expect(ids(await findCases(coordinator, filters({ q: '%', regionId: north.region.id })))).toEqual([]);
    expect(ids(await findCases(coordinator, filters({ q: '_', regionId: north.region.id })))).toEqual([]);
  });
});

describe('findCases scope', () => {
  it('gives a caseworker their active, consented cases only, whatever the filters ask', async () => {
    expect(ids(await findCases(caseworker, filters()))).toEqual([a.kase.id, c.kase.id].sort());
    expect(ids(await findCases(caseworker, filters({ regionId: north.region.id })))).toEqual([a.kase.id]);
    // Asking for another caseworker's cases gives nothing beyond their own.
    expect(ids(await findCases(caseworker, filters({ branchId: northBranch2.id })))).toEqual([]);
  });

  it('gives a member their own cases only', async () => {
    expect(ids(await findCases(a.member!, filters()))).toEqual([a.kase.id]);
    expect(ids(await findCases(a.member!, filters({ q: c.kase.reference })))).toEqual([]);
    expect(ids(await findCases(await makeUser('MEMBER'), filters()))).toEqual([]);
  });

  it('fails closed on a missing actor id', async () => {
    await expect(findCases({ id: '', role: 'COORDINATOR' }, filters())).rejects.toThrow('Not found');
    await expect(findCases({ id: undefined, role: 'COORDINATOR' } as never, filters())).rejects.toThrow('Not found');
  });
});

describe('findCases pagination', () => {
  it('pages by PAGE_SIZE, newest first, with a stable order', async () => {
    const { branch } = await makeBranch();
    const made: string[] = [];
    for (let i = 0; i < PAGE_SIZE + 2; i++) made.push((await makeCase({ member: null, caseworker, branchId: branch.id })).kase.id);
    const first = await findCases(coordinator, filters({ branchId: branch.id }));
    const second = await findCases(coordinator, filters({ branchId: branch.id, page: 2 }));
    const beyond = await findCases(coordinator, filters({ branchId: branch.id, page: 3 }));
    expect(first).toMatchObject({ total: PAGE_SIZE + 2, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(second.rows).toHaveLength(2);
    expect(beyond).toMatchObject({ rows: [], pageCount: 2 });
    const all = [...first.rows, ...second.rows].map((r) => r.id);
    expect(new Set(all).size).toBe(PAGE_SIZE + 2);
    expect([...all].sort()).toEqual([...made].sort());
    expect(all[0]).toBe(made[made.length - 1]);
    expect(await findCases(coordinator, filters({ branchId: 'no-such-branch' }))).toMatchObject({ total: 0, rows: [], pageCount: 1 });
  });
});

describe('parseCaseFilters', () => {
  it('drops malformed values rather than failing, and keeps the good ones', () => {
    expect(parseCaseFilters({ status: 'BOGUS', page: 'abc', q: '  smith  ', branchId: 'b1' })).toEqual({ q: 'smith', branchId: 'b1', page: 1 });
    expect(parseCaseFilters({ status: ['APPEAL', 'INTAKE'], page: '3', sanctionType: '' })).toEqual({ status: 'APPEAL', page: 3 });
    expect(parseCaseFilters({ q: 'x'.repeat(101), page: '0' })).toEqual({ page: 1 });
    expect(parseCaseFilters({})).toEqual({ page: 1 });
  });
});

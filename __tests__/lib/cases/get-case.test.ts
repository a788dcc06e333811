import { db } from '@/lib/db/client';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { makeCase, makeEvent, makeUser } from '../../helpers/factories';

const staffCtx = { ip: '198.51.100.23', userAgent: 'jest-staff' };
const memberCtx = { ip: '198.51.100.99', userAgent: 'jest-member' };

describe('getCaseForViewer', () => {
  it('writes a case.view audit row for every view, with the view name as the field', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    const view = await getCaseForViewer(caseworker, kase.reference, staffCtx);
    expect(view).toMatchObject({ id: kase.id, reference: kase.reference });
    await getCaseForViewer(caseworker, kase.reference, staffCtx, 'bundle');
    const rows = await db.auditLog.findMany({
      where: { caseId: kase.id, action: 'case.view' },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.actorId, r.entityType, r.entityId, r.fields, r.ip, r.userAgent])).toEqual([
      [caseworker.id, 'Case', kase.id, ['case'], staffCtx.ip, staffCtx.userAgent],
      [caseworker.id, 'Case', kase.id, ['bundle'], staffCtx.ip, staffCtx.userAgent],
    ]);
  });

  it('never gives the member caseworkers-only entries, nor deleted ones; staff see every live entry', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    const shared = await makeEvent(kase.id, member!.id, 'SHARED');
    const internal = await makeEvent(kase.id, caseworker.id, 'CASEWORKERS');
    const deleted = await makeEvent(kase.id, caseworker.id, 'SHARED');
    await db.timelineEvent.update({ where: { id: deleted.id }, data: { deletedAt: new Date() } });

    const memberView = await getCaseForViewer(member!, kase.reference, memberCtx);
    expect(memberView.events.map((e) => e.id)).toEqual([shared.id]);
    expect(JSON.stringify(memberView)).not.toContain(internal.title);

    const staffView = await getCaseForViewer(caseworker, kase.reference, staffCtx);
    expect(staffView.events.map((e) => e.id).sort()).toEqual([shared.id, internal.id].sort());
    expect(staffView.events.find((e) => e.id === internal.id)).toMatchObject({
      visibility: 'CASEWORKERS',
      createdBy: { name: caseworker.name, role: 'CASEWORKER' },
    });
  });

  it('shows the member who works on their case, without the caseworker’s email; staff get the email', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    const memberView = await getCaseForViewer(member!, kase.reference, memberCtx);
    expect(memberView.assignments).toEqual([
      { id: expect.any(String), startedAt: expect.any(Date), caseworker: { id: caseworker.id, name: caseworker.name } },
    ]);
    expect(JSON.stringify(memberView)).not.toContain(caseworker.email);
    const staffView = await getCaseForViewer(await makeUser('COORDINATOR'), kase.reference, staffCtx);
    expect(staffView.assignments[0]!.caseworker).toEqual({
      id: caseworker.id,
      name: caseworker.name,
      email: caseworker.email,
    });
  });

  it('answers not found, and audits nothing, to everyone outside the scope', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    const outsiders = [await makeUser('MEMBER'), await makeUser('CASEWORKER')];
    for (const outsider of outsiders)
      await expect(getCaseForViewer(outsider, kase.reference, staffCtx)).rejects.toThrow('Not found');
    await db.case.update({ where: { id: kase.id }, data: { consentWithdrawnAt: new Date() } });
    await expect(getCaseForViewer(caseworker, kase.reference, staffCtx)).rejects.toThrow('Not found');
    expect(await db.auditLog.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('answers not found for malformed or unknown references, and audits nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    for (const reference of [
      '',
      'RS-2021-1',
      'rs-2021-0001',
      "RS-2021-0001' OR 1=1 --",
      'RS-2021-0000001',
      'RS-9999-9999',
    ]) {
      await expect(getCaseForViewer(coordinator, reference, staffCtx)).rejects.toThrow('Not found');
    }
    expect(await db.auditLog.count({ where: { actorId: coordinator.id } })).toBe(0);
  });
});

describe('getCaseActivity', () => {
  it('shows staff every entry with the address; the member sees who did what, without addresses', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    await getCaseForViewer(caseworker, kase.reference, staffCtx);
    await getCaseForViewer(member!, kase.reference, memberCtx);

    const staff = await getCaseActivity(caseworker, kase.id);
    expect(staff.total).toBe(2);
    expect(staff.rows.map((r) => ('ip' in r ? r.ip : null)).sort()).toEqual([memberCtx.ip, staffCtx.ip].sort());
    expect(staff.rows.map((r) => r.actor?.role).sort()).toEqual(['CASEWORKER', 'MEMBER']);

    const mine = await getCaseActivity(member!, kase.id);
    expect(mine.total).toBe(2);
    for (const row of mine.rows) {
      expect(row).not.toHaveProperty('ip');
      expect(row).toEqual({
        id: expect.any(String),
        what: 'Opened the case',
        sentence: expect.any(String),
        createdAt: expect.any(Date),
        actor: { name: expect.any(String), role: expect.any(String) },
      });
    }
    expect(JSON.stringify(mine)).not.toContain(staffCtx.ip);
    expect(mine.rows.map((r) => r.actor?.name)).toContain(caseworker.name);

    // Each reader gets sentences of their own: "your case" for the member, "You" for their own rows.
    expect(mine.rows.map((r) => r.sentence).sort()).toEqual([
      `${caseworker.name} (caseworker) opened your case`,
      'You opened your case',
    ]);
    expect(staff.rows.map((r) => r.sentence).sort()).toEqual([
      `${member!.name} (member) opened the case`,
      'You opened the case',
    ]);
  });

  it('lists newest first and pages by 100', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    const base = Date.now() - 1_000_000;
    await db.auditLog.createMany({
      data: Array.from({ length: 105 }, (_, i) => ({
        actorId: coordinator.id,
        action: i % 2 ? 'case.view' : 'event.create',
        entityType: 'Case',
        entityId: kase.id,
        caseId: kase.id,
        createdAt: new Date(base + i * 1000),
      })),
    });
    const first = await getCaseActivity(coordinator, kase.id);
    const second = await getCaseActivity(coordinator, kase.id, 2);
    expect(first).toMatchObject({ total: 105, page: 1, pageSize: 100 });
    expect(first.rows).toHaveLength(100);
    expect(first.rows[0]!.createdAt.getTime()).toBe(base + 104_000);
    expect(second.rows.map((r) => r.createdAt.getTime() - base)).toEqual([4000, 3000, 2000, 1000, 0]);
    expect(second.rows.map((r) => r.what)).toEqual([
      'Added a timeline entry',
      'Opened the case',
      'Added a timeline entry',
      'Opened the case',
      'Added a timeline entry',
    ]);
  });

  it('answers not found outside the scope', async () => {
    const { kase } = await makeCase({ caseworker: await makeUser('CASEWORKER') });
    await expect(getCaseActivity(await makeUser('MEMBER'), kase.id)).rejects.toThrow('Not found');
    await expect(getCaseActivity(await makeUser('CASEWORKER'), kase.id)).rejects.toThrow('Not found');
    await expect(getCaseActivity(await makeUser('COORDINATOR'), 'no-such-case')).rejects.toThrow('Not found');
  });
});

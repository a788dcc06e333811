import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { db } from '@/lib/db/client';
import { caseScope } from '@/lib/auth/policy';
import { claimCaseAction, createClaimLinkAction, revokeClaimLinkAction } from '@/lib/cases/details-actions';
import { CLAIM_PROBLEMS, claimCase, findClaim, listClaimLinks } from '@/lib/cases/claim-case';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { hashToken } from '@/lib/users/tokens';
import { actAs, ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// Issue 10, point 1: a single-use, expiring link attaches a case staff opened to the member's account.
// Mail goes over real SMTP to a local sink (the pattern of __tests__/lib/mail/smtp-invite.test.ts).

const received: { to: string[]; raw: string }[] = [];
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(addr, _s, cb) {
      cb(
        addr.address.startsWith('refused-')
          ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })
          : null,
      );
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  process.env.APP_URL = 'https://reinstate.example.test/';
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(async () => {
  jest.restoreAllMocks();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const bodyOf = (raw: string) =>
  raw
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));

/** A case a caseworker opened for someone not online, with a link made by them. */
async function staffCase(options: { email?: string } = {}) {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, person } = await makeCase({ member: null, caseworker });
  await db.case.update({
    where: { id: kase.id },
    data: { consentMethod: 'BY_PHONE', consentTakenById: caseworker.id },
  });
  actAs(caseworker);
  const res = await createClaimLinkAction({ caseId: kase.id, email: options.email });
  if (!res.ok) throw new Error(JSON.stringify(res));
  const token = res.data.link.split('/claim/')[1]!;
  return { caseworker, kase, person, token, claimId: res.data.claimId, res };
}

async function claimAs(user: TestUser, token: string) {
  actAs(user);
  return claimCaseAction({ token });
}

describe('claim links', () => {
  it('emails a single-use link; only its hash is stored; staff see it open', async () => {
    const email = `claim-${Date.now()}@example.test`;
    const { res, token, kase, caseworker, claimId } = await staffCase({ email });
    expect(res).toMatchObject({
      ok: true,
      data: {
        emailed: true,
        link: expect.stringMatching(/^https:\/\/reinstate\.example\.test\/claim\/[A-Za-z0-9_-]{43}$/),
      },
    });
    const msg = received.find((m) => m.to.includes(email))!;
    expect(bodyOf(msg.raw)).toContain(`/claim/${token}`);
    const row = await db.caseClaim.findUniqueOrThrow({ where: { id: claimId } });
    expect(row).toMatchObject({
      tokenHash: hashToken(token),
      email,
      usedAt: null,
      revokedAt: null,
      sentById: caseworker.id,
    });
    expect(JSON.stringify(row)).not.toContain(token);
    expect((row.expiresAt.getTime() - Date.now()) / 86_400_000).toBeCloseTo(14, 0);
    expect(await listClaimLinks(caseworker, kase.id)).toEqual([
      expect.objectContaining({ id: claimId, state: 'open', email }),
    ]);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: 'claim.create', caseId: kase.id } });
    expect(audit).toMatchObject({ entityId: claimId, fields: ['expiresAt', 'email'] });
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('makes no link when the email cannot be sent', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ member: null, caseworker });
    actAs(caseworker);
    expect(await createClaimLinkAction({ caseId: kase.id, email: 'refused-x@example.test' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { email: expect.any(String) },
    });
    expect(await db.caseClaim.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('a new member claims it: the person becomes theirs, they see the case, and the Activity says so', async () => {
    const { token, kase, person, caseworker, claimId } = await staffCase();
    const member = await makeUser('MEMBER');
    expect(await claimAs(member, token)).toEqual({ ok: true, data: { reference: kase.reference } });
    expect(await db.person.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      userId: member.id,
      email: member.email,
      fullName: person.fullName,
    });
    expect(await db.case.count({ where: { AND: [{ id: kase.id }, caseScope(member)] } })).toBe(1);
    expect(await db.caseClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
      usedById: member.id,
      usedAt: expect.any(Date),
    });
    const sentences = (await getCaseActivity(member, kase.id)).rows.map((r) => r.sentence);
    expect(sentences).toContain('You linked your case to your account');
    expect(sentences).toContain(`${caseworker.name} (caseworker) made a link for you to claim your case`);
    expect(await listClaimLinks(caseworker, kase.id)).toEqual([
      expect.objectContaining({ state: 'used', usedBy: { name: member.name } }),
    ]);
    // Used once: a second try says so plainly, for them and anyone else.
    expect(await claimAs(member, token)).toMatchObject({ ok: false, code: 'invalid', error: CLAIM_PROBLEMS.used });
    expect(await claimAs(await makeUser('MEMBER'), token)).toMatchObject({
      ok: false,
      code: 'invalid',
      error: CLAIM_PROBLEMS.used,
    });
    expect(await findClaim(token)).toMatchObject({ state: 'used', usedById: member.id });
  });

  it('a member with their own earlier case: the case moves to their person, blanks filled, nothing overwritten, the orphan deleted', async () => {
    const member = await makeUser('MEMBER');
    const { branch } = await makeBranch();
    const earlier = await makeCase({ member });
    await db.person.update({
      where: { id: earlier.person.id },
      data: {
        fullName: 'Margaret Ellison',
        phone: '0161 111',
        membershipNumber: null,
        postalAddress: null,
        rolesHeld: [],
      },
    });
    const { token, kase, person, caseworker } = await staffCase();
    await db.person.update({
      where: { id: person.id },
      data: {
        fullName: 'Maggie Ellison',
        phone: '0161 222',
        membershipNumber: 'M42',
        postalAddress: '9 Canal St',
        branchId: branch.id,
        regionId: branch.regionId,
        rolesHeld: ['Chair'],
        email: 'old@example.test',
      },
    });
    // A second staff-entered case for the same offline person moves too.
    const also = await makeCase({ member: null, caseworker });
    await db.case.update({ where: { id: also.kase.id }, data: { personId: person.id } });

    expect(await claimAs(member, token)).toEqual({ ok: true, data: { reference: kase.reference } });
    expect(await db.person.findUnique({ where: { id: person.id } })).toBeNull();
    const merged = await db.person.findUniqueOrThrow({ where: { id: earlier.person.id } });
    expect(merged).toMatchObject({
      fullName: 'Margaret Ellison',
      phone: '0161 111',
      email: member.email, // kept
      membershipNumber: 'M42',
      postalAddress: '9 Canal St',
      branchId: branch.id,
      rolesHeld: ['Chair'], // filled
    });
    expect(
      await db.case.findMany({ where: { personId: merged.id }, select: { id: true }, orderBy: { createdAt: 'asc' } }),
    ).toHaveLength(3);
    expect(await db.auditLog.count({ where: { action: 'person.merge', entityId: merged.id } })).toBe(2);
    const update = await db.auditLog.findFirstOrThrow({ where: { action: 'person.update', caseId: earlier.kase.id } });
    expect(update.fields.sort()).toEqual(['branchId', 'membershipNumber', 'postalAddress', 'regionId', 'rolesHeld']);
    expect(JSON.stringify(await db.auditLog.findMany({ where: { caseId: kase.id } }))).not.toMatch(/M42|Canal/);
    // The caseworker still sees the case they opened.
    expect(await db.case.count({ where: { AND: [{ id: kase.id }, caseScope(caseworker)] } })).toBe(1);
  });

  it('an emailed link works only for the account with that address (a forwarded link claims nothing)', async () => {
    const email = `Sent-${Date.now()}@Example.test`;
    const { token, kase, claimId } = await staffCase({ email });
    const other = await makeUser('MEMBER');
    const refused = await claimAs(other, token);
    expect(refused).toMatchObject({ ok: false, code: 'invalid' });
    expect(refused.ok ? '' : refused.error).toMatch(/This link was sent to s•••@example\.test/i);
    expect((refused.ok ? '' : refused.error).toLowerCase()).not.toContain(email.toLowerCase());
    expect(await db.caseClaim.findUniqueOrThrow({ where: { id: claimId } })).toMatchObject({
      usedAt: null,
      usedById: null,
    });
    expect(await db.case.count({ where: { AND: [{ id: kase.id }, caseScope(other)] } })).toBe(0);
    const owner = await makeUser('MEMBER', { email: email.toLowerCase() });
    expect(await claimAs(owner, token)).toEqual({ ok: true, data: { reference: kase.reference } });
  });

  it('says plainly when a link has expired or was turned off; an unknown link is not found', async () => {
    const expired = await staffCase();
    await db.caseClaim.update({ where: { id: expired.claimId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const member = await makeUser('MEMBER');
    expect(await claimAs(member, expired.token)).toMatchObject({
      ok: false,
      code: 'invalid',
      error: CLAIM_PROBLEMS.expired,
    });
    expect(await findClaim(expired.token)).toMatchObject({ state: 'expired' });

    const revoked = await staffCase();
    expect(await revokeClaimLinkAction({ claimId: revoked.claimId })).toEqual({ ok: true, data: { revoked: true } });
    expect(await claimAs(member, revoked.token)).toMatchObject({
      ok: false,
      code: 'invalid',
      error: CLAIM_PROBLEMS.revoked,
    });
    expect(await db.auditLog.count({ where: { action: 'claim.revoke', entityId: revoked.claimId } })).toBe(1);
    expect((await db.person.findUniqueOrThrow({ where: { id: revoked.person.id } })).userId).toBeNull();

    expect(await claimAs(member, 'A'.repeat(43))).toMatchObject({ ok: false, code: 'not_found' });
    expect(await findClaim('A'.repeat(43))).toBeNull();
  });

  it('a new link turns off the unused one; a used link cannot be turned off; a claimed case needs no link', async () => {
    const { token, kase, caseworker, claimId } = await staffCase();
    actAs(caseworker);
    const again = await createClaimLinkAction({ caseId: kase.id });
    expect(again.ok).toBe(true);
    expect(await findClaim(token)).toMatchObject({ state: 'revoked' });
    const member = await makeUser('MEMBER');
    expect(await claimAs(member, again.ok ? again.data.link.split('/claim/')[1]! : '')).toMatchObject({ ok: true });
    actAs(caseworker);
    const used = (await listClaimLinks(caseworker, kase.id)).find((c) => c.state === 'used')!;
    expect(await revokeClaimLinkAction({ claimId: used.id })).toMatchObject({ ok: false, code: 'invalid' });
    expect(await createClaimLinkAction({ caseId: kase.id })).toMatchObject({
      ok: false,
      code: 'invalid',
      error: expect.stringContaining('already on the member’s own account'),
    });
    expect(claimId).not.toBe(used.id);
  });

  it('refuses staff accounts (the link is for the member), and staff who cannot open the case', async () => {
    const { token, kase, claimId } = await staffCase();
    for (const staff of [await makeUser('CASEWORKER'), await makeUser('COORDINATOR')]) {
      expect(await claimAs(staff, token)).toMatchObject({ ok: false, code: 'not_found' });
    }
    expect(await findClaim(token)).toMatchObject({ state: 'open' });
    actAs(await makeUser('CASEWORKER'));
    expect(await createClaimLinkAction({ caseId: kase.id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await revokeClaimLinkAction({ claimId })).toMatchObject({ ok: false, code: 'not_found' });
    await expect(listClaimLinks(await makeUser('MEMBER'), kase.id)).rejects.toThrow('Not found');
  });

  it('two people claiming the same link at once: exactly one wins', async () => {
    const { token, person } = await staffCase();
    const [a, b] = [await makeUser('MEMBER'), await makeUser('MEMBER')];
    // The services directly, each with its own caller, so the two transactions really overlap (on PostgreSQL).
    const results = await Promise.allSettled([claimCase(a, { token }, ctx), claimCase(b, { token }, ctx)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: expect.objectContaining({ message: CLAIM_PROBLEMS.used }),
    });
    const owner = (await db.person.findUniqueOrThrow({ where: { id: person.id } })).userId;
    expect([a.id, b.id]).toContain(owner);
    expect(
      await db.auditLog.count({
        where: {
          action: 'claim.use',
          entityId: (await db.caseClaim.findFirstOrThrow({ where: { tokenHash: hashToken(token) } })).id,
        },
      }),
    ).toBe(1);
  });
});

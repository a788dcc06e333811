import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { actAs, makeCase, makeEvent, makeEvidence, makeUser, type TestUser } from '../helpers/factories';
import { newToken } from '@/lib/users/tokens';
import type { ActionResult } from '@/lib/errors';
import { generateSync } from 'otplib';
import { hashPassword } from '@/lib/auth/password';
import { newTotpSecret, sealTotpSecret } from '@/lib/auth/totp';
import { passkeySetupOptions, addPasskey, startTotpSetup } from '@/lib/auth/two-step-services';
import { passkeyOptionsStep } from '@/lib/auth/second-factor';
import { hashRecoveryCode } from '@/lib/auth/recovery-codes';
import { getEnv } from '@/lib/env';
import { SoftAuthenticator } from '../helpers/soft-authenticator';

// Every server action × every role × the actor's own record, someone else's, an unassigned one, and —
// for actions on items — a caseworker-only item on the member's own case ('hidden').
// Server actions are public POST endpoints, so each must authorize against the record itself.
// The first test fails when an action exists without a row here.
type Who = 'anonymous' | 'member' | 'caseworker' | 'coordinator';
type Rel = 'own' | 'others' | 'unassigned' | 'hidden' | 'none';
type Fixture = {
  member: TestUser;
  caseworker: TestUser;
  coordinator: TestUser;
  cases: Record<Exclude<Rel, 'none'>, { id: string; memberId: string }>;
};
type Row = {
  relations: Rel[];
  input: (f: Fixture, rel: Rel, who: Who) => Promise<unknown>;
  allowed: (who: Who, rel: Rel) => boolean;
};

const staff = (who: Who) => who === 'caseworker' || who === 'coordinator';
// On a caseworker-only item of the member's own case only staff may act: to the member it does not exist.
const caseAccess = (who: Who, rel: Rel) =>
  who === 'coordinator' || (rel === 'hidden' ? who === 'caseworker' : who !== 'anonymous' && rel === 'own');
const CASE_RELS: Rel[] = ['own', 'others', 'unassigned'];
const ITEM_RELS: Rel[] = [...CASE_RELS, 'hidden'];
const vis = (rel: Rel) => (rel === 'hidden' ? 'CASEWORKERS' : 'SHARED');
const privacy = (rel: Rel) => ({ caseworkersOnly: rel === 'hidden', privileged: false, withoutPrejudice: false });
/** The author of an item: the member on their case; the assigned caseworker for a hidden one. */
const author = (f: Fixture, rel: Rel) => (rel === 'hidden' ? f.caseworker.id : f.cases[rel as 'own'].memberId);
const day = { precision: 'DAY', year: 2021, month: 5, day: 3 };
const fresh = () => crypto.randomBytes(5).toString('hex');
let movedDays = 0;

/** A SAR sent on the case, with the reply deadline it starts. */
async function makeDeadline(caseId: string, createdById: string, visibility: 'SHARED' | 'CASEWORKERS' = 'SHARED') {
  const { syncDeadlines } = await import('@/lib/deadlines/sync-deadlines');
  const event = await db.timelineEvent.create({
    data: {
      caseId,
      createdById,
      visibility,
      type: 'SAR_SENT',
      occurredOn: new Date('2025-09-03'),
      datePrecision: 'DAY',
      title: `SAR ${fresh()}`,
    },
  });
  await db.$transaction((tx) => syncDeadlines(tx, caseId));
  return db.deadline.findFirstOrThrow({ where: { eventId: event.id } });
}

/** A case with a published review (review PDFs and packs are made from the published version). */
async function published(f: Fixture, caseId: string): Promise<string> {
  const version = 1 + (await db.reviewPublication.count({ where: { caseId } }));
  await db.reviewPublication.create({ data: { caseId, version, findings: [], publishedById: f.coordinator.id } });
  return caseId;
}

// ---- Sign-in and two-step sign-in fixtures: each row gets its own account, so rows never meet. ----
const PASSWORD = 'matrix password 1';
let passwordHash: Promise<string> | undefined;
const pwHash = () => (passwordHash ??= hashPassword(PASSWORD));
const userWithPassword = async (role: 'MEMBER' | 'CASEWORKER' = 'MEMBER') =>
  makeUser(role, { passwordHash: await pwHash() });
async function signInTicket(userId: string, readyAt: Date | null = null) {
  const { token, tokenHash } = newToken();
  await db.signInChallenge.create({
    data: { tokenHash, userId, factors: ['password'], readyAt, ip: 'local', expiresAt: new Date(Date.now() + 600_000) },
  });
  return token;
}
async function withPasskey(user: TestUser) {
  const key = new SoftAuthenticator(new URL(getEnv().APP_URL).origin);
  await addPasskey(
    user,
    { name: 'Matrix key', response: key.register(await passkeySetupOptions(user)) },
    { ip: 'local', userAgent: null },
  );
  return key;
}
/** The signed-in caller's own account (anonymous callers get the member's: they are refused before it matters). */
const self = (f: Fixture, who: Who) => f[who === 'anonymous' ? 'member' : who];

/** Every field of a template filled with a valid value. */
async function letterValues(templateKey: string): Promise<Record<string, string>> {
  const { getTemplate } = await import('@/lib/letters/templates');
  const fields = getTemplate(templateKey)!.fields;
  return Object.fromEntries(
    fields.map((f) => [f.name, f.type === 'date' ? '2025-09-03' : f.type === 'number' ? '14' : `Matrix ${f.name}`]),
  );
}

const LETTER = {
  senderName: 'A Member',
  senderAddress: '1 Road\nTown',
  recipientName: 'Governance and Legal Unit',
  recipientAddress: '1 Party Street',
  subject: 'Subject access request',
  body: 'Dear Sir or Madam,\n\nPlease send me my data.',
  signatureName: 'A Member',
};

/** A case staff opened for someone not online (issue 10, point 1): 'own' is assigned to the fixture's caseworker. */
async function offlineCase(f: Fixture, rel: Rel): Promise<string> {
  const caseworker = rel === 'own' ? f.caseworker : rel === 'others' ? await makeUser('CASEWORKER') : undefined;
  return (await makeCase({ member: null, caseworker })).kase.id;
}
async function claimLinkFor(f: Fixture, caseId: string): Promise<{ id: string; token: string }> {
  const { token, tokenHash } = newToken();
  const claim = await db.caseClaim.create({
    data: { caseId, tokenHash, expiresAt: new Date(Date.now() + 86_400_000), sentById: f.coordinator.id },
  });
  return { id: claim.id, token };
}

/** A group action over a new branch, linked to the case if given (and, optionally, with one event copied to it). */
async function makeGroup(f: Fixture, caseId?: string, event?: 'SHARED' | 'CASEWORKERS') {
  const region = await db.region.create({ data: { name: `Matrix region ${fresh()}` } });
  const branch = await db.branch.create({ data: { name: `Matrix branch ${fresh()}`, regionId: region.id } });
  const ga = await db.groupAction.create({
    data: {
      reference: `GA-1999-${fresh()}`,
      title: 'Matrix group',
      sanctionType: 'BRANCH_SUSPENDED',
      createdById: f.coordinator.id,
      branches: { create: { branchId: branch.id } },
      ...(caseId ? { cases: { create: { caseId } } } : {}),
    },
  });
  const ge = event
    ? await db.groupEvent.create({
        data: {
          groupActionId: ga.id,
          type: 'LETTER_RECEIVED',
          occurredOn: new Date('2021-05-03'),
          datePrecision: 'DAY',
          title: 'Group letter',
          visibility: event,
          createdById: f.coordinator.id,
        },
      })
    : null;
  if (ge && caseId)
    await db.timelineEvent.create({
      data: {
        caseId,
        groupEventId: ge.id,
        type: ge.type,
        occurredOn: ge.occurredOn,
        datePrecision: 'DAY',
        title: ge.title,
        visibility: event,
        createdById: f.coordinator.id,
      },
    });
  return { ga, branch, ge };
}
const coordinatorOnly = (w: Who) => w === 'coordinator';
const caseRef = async (f: Fixture, rel: Rel) =>
  (await db.case.findUniqueOrThrow({ where: { id: f.cases[rel as 'own'].id }, select: { reference: true } })).reference;
const groupFields = {
  title: 'Matrix group',
  sanctionType: 'BRANCH_SUSPENDED',
  measures: ['MEETINGS_CANCELLED'],
  imposedOn: day,
};

const MATRIX: Record<string, Row> = {
  saveIntakeDraftAction: {
    relations: ['none'],
    input: async () => ({ step: 0, data: { fullName: 'x' } }),
    allowed: (w) => w === 'member',
  },
  submitIntakeAction: {
    relations: ['none'],
    input: async () => ({
      fullName: 'A Person',
      rolesHeld: [],
      sanctionType: 'SUSPENSION',
      imposedOn: { precision: 'YEAR', year: 2021 },
      imposedBy: 'GENERAL_SECRETARY',
      reasonCategory: 'MOTION',
      wants: ['APPEAL'],
      consent: true,
    }),
    allowed: (w) => w === 'member',
  },
  discardIntakeDraftAction: {
    relations: ['none'],
    // The caller has a draft to lose: only a member's own is ever discarded (staff are refused, theirs kept).
    input: async (f, _rel, who) => {
      const userId = self(f, who).id;
      await db.intakeDraft.upsert({
        where: { userId },
        create: { userId, data: { fullName: 'Matrix draft' } },
        update: {},
      });
      return {};
    },
    allowed: (w) => w === 'member',
  },
  addEventAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseId: f.cases[rel as 'own'].id, type: 'NOTE', date: day, title: 'Matrix' }),
    allowed: caseAccess,
  },
  updateEventAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => {
      const e = await makeEvent(f.cases[rel as 'own'].id, author(f, rel), vis(rel));
      return { eventId: e.id, version: 1, type: 'NOTE', date: day, title: 'Matrix edit', ...privacy(rel) };
    },
    allowed: caseAccess, // the member's own entries on their own case; staff on cases they can open
  },
  deleteEventAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      eventId: (await makeEvent(f.cases[rel as 'own'].id, author(f, rel), vis(rel))).id,
      version: 1,
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  moveEventAction: {
    relations: ITEM_RELS,
    // Two entries on the same day; the second moves up past the first.
    input: async (f, rel) => {
      const caseId = f.cases[rel as 'own'].id;
      const [first, second] = [
        await makeEvent(caseId, author(f, rel), vis(rel)),
        await makeEvent(caseId, author(f, rel), vis(rel)),
      ];
      const occurredOn = new Date(Date.UTC(1990, 0, 1) + ++movedDays * 86_400_000); // a day no other row uses
      await db.timelineEvent.update({ where: { id: first.id }, data: { occurredOn, position: 0 } });
      await db.timelineEvent.update({ where: { id: second.id }, data: { occurredOn, position: 1 } });
      return { eventId: second.id, version: 1, direction: 'up', neighbourId: first.id, neighbourVersion: 1 };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  updateCaseStageAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const c = await db.case.findUniqueOrThrow({
        where: { id: f.cases[rel as 'own'].id },
        select: { id: true, version: true },
      });
      return {
        caseId: c.id,
        version: c.version,
        stage: 'AWAITING_DECISION',
        outcome: null,
        appealStatus: 'CONSIDERING',
        reason: 'Matrix',
      };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  addSanctionAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      type: 'SUSPENSION',
      imposedOn: { precision: 'YEAR', year: 2022 },
      addToTimeline: true,
    }),
    allowed: caseAccess, // the member adds "suspended again" on their own case; staff on cases they can open
  },
  updateSanctionAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const s = await db.sanction.create({ data: { caseId: f.cases[rel as 'own'].id, type: 'SUSPENSION' } });
      return {
        sanctionId: s.id,
        version: 1,
        type: 'EXPULSION',
        imposedOn: { precision: 'YEAR', year: 2022 },
        outcome: 'UPHELD',
      };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  // The other case is always one the caseworker works on: whether the actor can open this one decides.
  linkCasesAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      otherReference: (await makeCase({ caseworker: f.caseworker })).kase.reference,
      relation: 'PARTNER',
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  unlinkCasesAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const other = await makeCase({ caseworker: f.caseworker });
      const link = await db.caseLink.create({
        data: {
          fromCaseId: f.cases[rel as 'own'].id,
          toCaseId: other.kase.id,
          relation: 'SAME_MOTION',
          createdById: f.coordinator.id,
        },
      });
      return { linkId: link.id };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  addCaseBranchAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      branchId: (await makeGroup(f)).branch.id,
      fromOn: '2020-01-01',
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  removeCaseBranchAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseBranchId: (
        await db.caseBranch.create({
          data: { caseId: f.cases[rel as 'own'].id, branchId: (await makeGroup(f)).branch.id },
        })
      ).id,
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  // Group actions: coordinators manage them; caseworkers only read those touching their cases (on pages).
  createGroupActionAction: {
    relations: ['none'],
    input: async (f) => ({ ...groupFields, branchIds: [(await makeGroup(f)).branch.id] }),
    allowed: coordinatorOnly,
  },
  updateGroupActionAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const { ga, branch } = await makeGroup(f, f.cases[rel as 'own'].id);
      return { groupActionId: ga.id, version: 1, ...groupFields, branchIds: [branch.id] };
    },
    allowed: coordinatorOnly,
  },
  linkGroupCaseAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      groupActionId: (await makeGroup(f, undefined, 'SHARED')).ga.id,
      caseReference: await caseRef(f, rel),
    }),
    allowed: coordinatorOnly,
  },
  unlinkGroupCaseAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      groupActionId: (await makeGroup(f, f.cases[rel as 'own'].id, 'SHARED')).ga.id,
      caseId: f.cases[rel as 'own'].id,
    }),
    allowed: coordinatorOnly,
  },
  addGroupEventAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      groupActionId: (await makeGroup(f, f.cases[rel as 'own'].id)).ga.id,
      type: 'LETTER_RECEIVED',
      date: day,
      title: 'Matrix group letter',
    }),
    allowed: coordinatorOnly,
  },
  updateGroupEventAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      groupEventId: (await makeGroup(f, f.cases[rel as 'own'].id, vis(rel)))!.ge!.id,
      version: 1,
      type: 'LETTER_RECEIVED',
      date: day,
      title: 'Matrix edit',
      caseworkersOnly: rel === 'hidden',
    }),
    allowed: coordinatorOnly,
  },
  deleteGroupEventAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      groupEventId: (await makeGroup(f, f.cases[rel as 'own'].id, vis(rel)))!.ge!.id,
      version: 1,
    }),
    allowed: coordinatorOnly,
  },
  setConsentAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseId: f.cases[rel as 'own'].id, give: true }),
    allowed: (w, r) => w === 'member' && r === 'own',
  },
  assignCaseworkerAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseId: f.cases[rel as 'own'].id, caseworkerId: (await makeUser('CASEWORKER')).id }),
    allowed: (w) => w === 'coordinator',
  },
  unassignCaseworkerAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const a = await db.assignment.create({
        data: {
          caseId: f.cases[rel as 'own'].id,
          caseworkerId: (await makeUser('CASEWORKER')).id,
          assignedById: f.coordinator.id,
        },
      });
      return { assignmentId: a.id };
    },
    allowed: (w) => w === 'coordinator',
  },
  updateEvidenceAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => {
      const ev = await makeEvidence(f.cases[rel as 'own'].id, author(f, rel), { visibility: vis(rel) });
      return { evidenceId: ev.id, version: 1, title: 'Matrix', kind: 'LETTER', ...privacy(rel) };
    },
    allowed: caseAccess, // the member on what they filed; staff on cases they can open
  },
  captureEvidenceAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      url: 'https://example.org/post/1',
      text: 'Good luck to her',
      seenOn: { precision: 'YEAR', year: 2021 },
      title: 'Post',
      kind: 'SOCIAL_POST',
    }),
    allowed: caseAccess,
  },
  verifyEvidenceAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      evidenceId: (await makeEvidence(f.cases[rel as 'own'].id, author(f, rel), { visibility: vis(rel) })).id,
    }),
    allowed: caseAccess,
  },
  linkEvidenceAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => {
      const c = f.cases[rel as 'own'];
      return {
        evidenceId: (await makeEvidence(c.id, author(f, rel), { visibility: vis(rel) })).id,
        eventId: (await makeEvent(c.id, c.memberId)).id,
        linked: true,
      };
    },
    allowed: caseAccess,
  },
  removeEvidenceAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      evidenceId: (await makeEvidence(f.cases[rel as 'own'].id, author(f, rel), { visibility: vis(rel) })).id,
      version: 1,
    }),
    allowed: caseAccess,
  },
  purgeEvidenceAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      evidenceId: (await makeEvidence(f.cases[rel as 'own'].id, f.cases[rel as 'own'].memberId)).id,
    }),
    allowed: (w) => w === 'coordinator',
  },
  signUpAction: {
    relations: ['none'],
    input: async () => ({
      name: 'New Member',
      email: `new-${fresh()}@example.test`,
      password: 'long enough password',
      confirmPassword: 'long enough password',
    }),
    allowed: () => true, // public by design: it can only create a member account
  },
  acceptInviteAction: {
    relations: ['none'],
    input: async (f) => {
      const { token, tokenHash } = newToken();
      await db.invite.create({
        data: {
          email: `inv-${fresh()}@example.test`,
          name: 'Inv',
          role: 'CASEWORKER',
          tokenHash,
          invitedById: f.coordinator.id,
          expiresAt: new Date(Date.now() + 3600_000),
        },
      });
      return { token, password: 'long enough password', confirmPassword: 'long enough password' };
    },
    allowed: () => true, // the single-use token is the authorization
  },
  signOutEverywhereAction: { relations: ['none'], input: async () => ({}), allowed: (w) => w !== 'anonymous' },
  // Signing in, email links: public by nature; each step acts only on the secret it is given (a password, a
  // ticket from the password step, a token from an email).
  startSignInAction: {
    relations: ['none'],
    input: async () => ({ email: (await userWithPassword()).email, password: PASSWORD }),
    allowed: () => true,
  },
  totpSignInAction: {
    relations: ['none'],
    input: async () => {
      const user = await userWithPassword();
      const secret = newTotpSecret();
      await db.totpFactor.create({
        data: { userId: user.id, ...sealTotpSecret(user.id, secret), confirmedAt: new Date() },
      });
      return { ticket: await signInTicket(user.id), code: generateSync({ secret }) };
    },
    allowed: () => true,
  },
  recoverySignInAction: {
    relations: ['none'],
    input: async () => {
      const user = await userWithPassword();
      await db.recoveryCode.create({ data: { userId: user.id, codeHash: hashRecoveryCode('abcd-efgh-ijkl-mnop') } });
      return { ticket: await signInTicket(user.id), recoveryCode: 'abcd-efgh-ijkl-mnop' };
    },
    allowed: () => true,
  },
  passkeySignInOptionsAction: {
    relations: ['none'],
    input: async () => {
      const user = await userWithPassword();
      await withPasskey(user);
      return { ticket: await signInTicket(user.id) };
    },
    allowed: () => true,
  },
  passkeySignInAction: {
    relations: ['none'],
    input: async () => {
      const user = await userWithPassword();
      const key = await withPasskey(user);
      const ticket = await signInTicket(user.id);
      return { ticket, response: key.authenticate(await passkeyOptionsStep(ticket)) };
    },
    allowed: () => true,
  },
  confirmSignUpAction: {
    relations: ['none'],
    input: async () => {
      const { token, tokenHash } = newToken();
      await db.signUpRequest.create({
        data: {
          email: `su-${fresh()}@example.test`,
          name: 'New',
          passwordHash: await pwHash(),
          tokenHash,
          expiresAt: new Date(Date.now() + 3600_000),
        },
      });
      return { token, password: PASSWORD };
    },
    allowed: () => true,
  },
  requestPasswordResetAction: {
    relations: ['none'],
    input: async () => ({ email: (await userWithPassword()).email }),
    allowed: () => true,
  },
  resetPasswordAction: {
    relations: ['none'],
    input: async () => {
      const user = await userWithPassword();
      const { token, tokenHash } = newToken();
      await db.passwordReset.create({
        data: { userId: user.id, tokenHash, expiresAt: new Date(Date.now() + 3600_000) },
      });
      return { token, password: 'a new matrix password', confirmPassword: 'a new matrix password' };
    },
    allowed: () => true,
  },
  // Two-step sign-in settings: the caller's own account only (no id in the input, except a passkey of theirs).
  startTotpSetupAction: {
    relations: ['none'],
    input: async (f, _rel, who) => {
      await db.totpFactor.deleteMany({ where: { userId: self(f, who).id } });
      return {};
    },
    allowed: (w) => w !== 'anonymous',
  },
  confirmTotpSetupAction: {
    relations: ['none'],
    input: async (f, _rel, who) => {
      await db.totpFactor.deleteMany({ where: { userId: self(f, who).id } });
      const { secret } = await startTotpSetup(self(f, who));
      return { code: generateSync({ secret: secret.replace(/ /g, '') }) };
    },
    allowed: (w) => w !== 'anonymous',
  },
  passkeySetupOptionsAction: { relations: ['none'], input: async () => ({}), allowed: (w) => w !== 'anonymous' },
  addPasskeyAction: {
    relations: ['none'],
    input: async (f, _rel, who) => {
      const key = new SoftAuthenticator(new URL(getEnv().APP_URL).origin);
      return { name: 'Matrix laptop', response: key.register(await passkeySetupOptions(self(f, who))) };
    },
    allowed: (w) => w !== 'anonymous',
  },
  removeSecondFactorAction: {
    relations: ['none'],
    input: async (f, _rel, who) => {
      const user = self(f, who);
      await db.user.update({ where: { id: user.id }, data: { passwordHash: await pwHash() } });
      await withPasskey(user); // a second way stays, so staff may remove this one
      const spare = await db.passkey.create({
        data: {
          userId: user.id,
          credentialId: fresh(),
          publicKey: new Uint8Array([1]),
          deviceType: 'singleDevice',
          name: 'Spare',
        },
      });
      return { kind: 'passkey', passkeyId: spare.id, password: PASSWORD };
    },
    allowed: (w) => w !== 'anonymous',
  },
  newRecoveryCodesAction: {
    relations: ['none'],
    input: async (f, _rel, who) => {
      await db.passkey.create({
        data: {
          userId: self(f, who).id,
          credentialId: fresh(),
          publicKey: new Uint8Array([1]),
          deviceType: 'singleDevice',
          name: 'Key',
        },
      });
      return {};
    },
    allowed: (w) => w !== 'anonymous',
  },
  resetSecondFactorAction: {
    relations: ['none'],
    input: async () => ({ userId: (await makeUser('CASEWORKER')).id }),
    allowed: (w) => w === 'coordinator',
  },
  inviteTeamMemberAction: {
    relations: ['none'],
    input: async () => ({ name: 'Invitee', email: `invitee-${fresh()}@example.test`, role: 'CASEWORKER' }),
    allowed: (w) => w === 'coordinator',
  },
  updateTeamMemberAction: {
    relations: ['none'],
    input: async () => ({ userId: (await makeUser('CASEWORKER')).id, disabled: true }),
    allowed: (w) => w === 'coordinator',
  },
  // Reminders and calendar links: each acts on the caller's own account only (no id in the input).
  waiveDeadlineAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      deadlineId: (await makeDeadline(f.cases[rel as 'own'].id, author(f, rel), vis(rel))).id,
      reason: 'Matrix',
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  waiveDeadlinesAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => {
      const make = () => makeDeadline(f.cases[rel as 'own'].id, author(f, rel), vis(rel));
      return { deadlineIds: [(await make()).id, (await make()).id], reason: 'Matrix' };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r), // each deadline checked against its own case and entry
  },
  unwaiveDeadlineAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      deadlineId: (await makeDeadline(f.cases[rel as 'own'].id, author(f, rel), vis(rel))).id,
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  setSarExtensionAction: {
    relations: ITEM_RELS,
    input: async (f, rel) => ({
      deadlineId: (await makeDeadline(f.cases[rel as 'own'].id, author(f, rel), vis(rel))).id,
      extended: true,
    }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  updateDeadlineSettingsAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseId: f.cases[rel as 'own'].id, jurisdiction: 'SCOTLAND', appealWindowDays: 28 }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  previewLetterAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      templateKey: 'subject-access-request',
      values: await letterValues('subject-access-request'),
    }),
    allowed: caseAccess, // members write their own letters; staff on cases they can open
  },
  saveLetterAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      templateKey: 'subject-access-request',
      sentOn: '2025-09-03',
      document: LETTER,
    }),
    allowed: caseAccess,
  },
  saveLetterDraftAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      templateKey: 'subject-access-request',
      data: { step: 'details', values: { sender_name: 'Matrix' } },
    }),
    allowed: caseAccess, // anyone who may write letters on the case
  },
  discardLetterDraftAction: {
    relations: ITEM_RELS,
    // The member's own draft on their case; a caseworker's draft ('hidden') is not the member's to see.
    input: async (f, rel) => {
      const d = await db.letterDraft.create({
        data: {
          caseId: f.cases[rel as 'own'].id,
          templateKey: 'subject-access-request',
          data: { step: 'details', values: {} },
          createdById: author(f, rel),
        },
      });
      return { draftId: d.id, version: 1 };
    },
    allowed: caseAccess,
  },
  startBundleAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      caseId: f.cases[rel as 'own'].id,
      purpose: 'APPEAL',
      audience: 'OUTSIDE',
      choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [] },
    }),
    allowed: caseAccess, // members build their own case's bundle; staff on cases they can open
  },
  saveFairnessAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const caseId = f.cases[rel as 'own'].id;
      const current = await db.fairnessFinding.findUnique({
        where: { caseId_question: { caseId, question: 'TOLD_ALLEGATIONS' } },
        select: { version: true },
      });
      return {
        caseId,
        findings: [
          { question: 'TOLD_ALLEGATIONS', answer: 'NO', note: `Matrix ${fresh()}`, version: current?.version ?? 0 },
        ],
      };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  publishReviewAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const caseId = f.cases[rel as 'own'].id;
      await db.fairnessFinding.upsert({
        where: { caseId_question: { caseId, question: 'APPEAL_OFFERED' } },
        create: { caseId, question: 'APPEAL_OFFERED', answer: 'NO', updatedById: f.coordinator.id },
        update: {},
      });
      return { caseId };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  startReviewAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseId: await published(f, f.cases[rel as 'own'].id) }),
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  startReviewPackAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseIds: [await published(f, f.cases[rel as 'own'].id)] }),
    allowed: (w) => w === 'coordinator',
  },
  // Subject access requests made to the network (issue 13, point 2): coordinators only, on anyone's record.
  logAccessRequestAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      who: (await db.user.findUniqueOrThrow({ where: { id: f.cases[rel as 'own'].memberId } })).email,
      receivedOn: '2026-11-02',
      source: 'PERSON',
    }),
    allowed: (w) => w === 'coordinator',
  },
  decideAccessItemAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({
      requestId: await accessRequestFor(f.cases[rel as 'own'].id),
      item: { itemType: 'CASE', itemId: f.cases[rel as 'own'].id, decision: 'RELEASE' },
    }),
    allowed: (w) => w === 'coordinator',
  },
  extendAccessRequestAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ requestId: await accessRequestFor(f.cases[rel as 'own'].id) }),
    allowed: (w) => w === 'coordinator',
  },
  releaseAccessRequestAction: {
    relations: ['none'],
    // A person with no case: nothing needs a decision, so a coordinator's release succeeds.
    input: async () => ({
      requestId: await accessRequestFor(null),
      coveringLetter: 'Dear member, here is everything we hold about you.',
    }),
    allowed: (w) => w === 'coordinator',
  },
  // Retention of closed cases (issue 13, point 4): coordinators only.
  setRetentionMonthsAction: {
    relations: ['none'],
    input: async () => {
      if (!(await db.organisation.findFirst())) await db.organisation.create({ data: { name: 'The Party' } });
      return { months: 72 }; // the default, saved unchanged
    },
    allowed: (w) => w === 'coordinator',
  },
  keepCaseAction: {
    relations: ['none'],
    input: async () => {
      const { kase } = await makeCase();
      await db.case.update({ where: { id: kase.id }, data: { stage: 'CLOSED' } });
      return { caseId: kase.id, months: 12, reason: 'A claim is still running' };
    },
    allowed: (w) => w === 'coordinator',
  },
  updateOrganisationAction: {
    relations: ['none'],
    // The values as loaded, saved unchanged (a real save for a coordinator, refused for anyone else).
    input: async () => {
      const o =
        (await db.organisation.findFirst({ orderBy: { createdAt: 'asc' } })) ??
        (await db.organisation.create({ data: { name: 'The Party' } }));
      const was = {
        name: o.name,
        jurisdiction: o.jurisdiction,
        defaultResponseDays: o.defaultResponseDays,
        defaultAppealDays: o.defaultAppealDays,
      };
      return { ...was, was };
    },
    allowed: (w) => w === 'coordinator',
  },
  saveBodyAction: {
    relations: ['none'],
    input: async () => {
      const o =
        (await db.organisation.findFirst({ orderBy: { createdAt: 'asc' } })) ??
        (await db.organisation.create({ data: { name: 'The Party' } }));
      const b = await db.body.upsert({
        where: { organisationId_kind: { organisationId: o.id, kind: 'COURT' } },
        create: { organisationId: o.id, kind: 'COURT', name: 'A court' },
        update: {},
      });
      return {
        kind: 'COURT',
        name: `Court ${fresh()}`,
        was: { name: b.name, postalAddress: b.postalAddress, email: b.email },
      };
    },
    allowed: (w) => w === 'coordinator',
  },
  createRegionAction: {
    relations: ['none'],
    input: async () => ({ name: `Matrix region ${fresh()}` }),
    allowed: (w) => w === 'coordinator',
  },
  renameRegionAction: {
    relations: ['none'],
    input: async () => {
      const r = await db.region.create({ data: { name: `Matrix region ${fresh()}` } });
      return { regionId: r.id, name: `${r.name} renamed`, was: { name: r.name } };
    },
    allowed: (w) => w === 'coordinator',
  },
  createBranchAction: {
    relations: ['none'],
    input: async () => ({
      name: `Matrix branch ${fresh()}`,
      regionId: (await db.region.create({ data: { name: `Matrix region ${fresh()}` } })).id,
      memberCount: 12,
    }),
    allowed: (w) => w === 'coordinator',
  },
  updateBranchAction: {
    relations: ['none'],
    input: async () => {
      const r = await db.region.create({ data: { name: `Matrix region ${fresh()}` } });
      const b = await db.branch.create({ data: { name: `Matrix branch ${fresh()}`, regionId: r.id } });
      return {
        branchId: b.id,
        name: `${b.name} renamed`,
        regionId: r.id,
        constituency: 'Somewhere',
        memberCount: 30,
        was: { name: b.name, regionId: r.id, constituency: null, memberCount: 0 },
      };
    },
    allowed: (w) => w === 'coordinator',
  },
  setReminderEmailsAction: {
    relations: ['none'],
    input: async () => ({ enabled: true }),
    allowed: (w) => w !== 'anonymous',
  },
  createCalendarFeedAction: { relations: ['none'], input: async () => ({}), allowed: (w) => w !== 'anonymous' },
  revokeCalendarFeedAction: { relations: ['none'], input: async () => ({}), allowed: (w) => w !== 'anonymous' },
  // Issue 10, points 1 and 2: details, cases opened by staff, claim links.
  updatePersonAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const c = await db.case.findUniqueOrThrow({
        where: { id: f.cases[rel as 'own'].id },
        select: { id: true, person: { select: { version: true, fullName: true } } },
      });
      return {
        caseId: c.id,
        version: c.person.version,
        fullName: c.person.fullName,
        phone: `0113 ${String(Date.now()).slice(-6)}`,
        rolesHeld: [],
      };
    },
    allowed: caseAccess, // the member their own; staff through a case they can open
  },
  updateCaseDetailsAction: {
    relations: CASE_RELS,
    input: async (f, rel) => {
      const c = await db.case.findUniqueOrThrow({
        where: { id: f.cases[rel as 'own'].id },
        select: { id: true, version: true },
      });
      return { caseId: c.id, version: c.version, wants: ['APPEAL'], summary: `Matrix ${fresh()}` };
    },
    allowed: (w, r) => staff(w) && caseAccess(w, r),
  },
  createCaseForMemberAction: {
    relations: ['none'],
    input: async () => ({
      fullName: `Phone Referral ${fresh()}`,
      rolesHeld: [],
      sanctionType: 'SUSPENSION',
      imposedOn: { precision: 'YEAR', year: 2021 },
      imposedBy: 'GENERAL_SECRETARY',
      reasonCategory: 'MOTION',
      wants: ['APPEAL'],
      consentMethod: 'BY_PHONE',
      consentGivenOn: '2026-01-05',
    }),
    allowed: (w) => staff(w),
  },
  // The spreadsheet import's saved column mappings (issue 12, point 4): coordinators only.
  saveImportMappingAction: {
    relations: ['none'],
    input: async () => ({ name: `Matrix mapping ${fresh()}`, columns: { Name: 'fullName' } }),
    allowed: coordinatorOnly,
  },
  deleteImportMappingAction: {
    relations: ['none'],
    input: async (f) => ({
      id: (
        await db.importMapping.create({
          data: { name: `Matrix mapping ${fresh()}`, columns: { Name: 'fullName' }, createdById: f.coordinator.id },
        })
      ).id,
    }),
    allowed: coordinatorOnly,
  },
  createClaimLinkAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ caseId: await offlineCase(f, rel) }),
    allowed: (w, r) => w === 'coordinator' || (w === 'caseworker' && r === 'own'),
  },
  revokeClaimLinkAction: {
    relations: CASE_RELS,
    input: async (f, rel) => ({ claimId: (await claimLinkFor(f, await offlineCase(f, rel))).id }),
    allowed: (w, r) => w === 'coordinator' || (w === 'caseworker' && r === 'own'),
  },
  claimCaseAction: {
    relations: ['none'],
    // The token is the authorization; staff accounts are refused (a member's case is never attached to staff).
    input: async (f) => ({ token: (await claimLinkFor(f, await offlineCase(f, 'unassigned'))).token }),
    allowed: (w) => w === 'member',
  },
  // Erasure (issue 13, point 3): a member asks for themselves only (the input names nobody); coordinators decide.
  // Each decision row gets a request of a fresh member of its own, so an allowed approval erases nobody else's data.
  requestErasureAction: { relations: ['none'], input: async () => ({ confirm: true }), allowed: (w) => w === 'member' },
  approveErasureAction: {
    relations: ['none'],
    input: async () => ({ requestId: await erasureRequestFor() }),
    allowed: coordinatorOnly,
  },
  refuseErasureAction: {
    relations: ['none'],
    input: async () => ({ requestId: await erasureRequestFor(), reason: 'An appeal is still running on this case.' }),
    allowed: coordinatorOnly,
  },
  finishErasureAction: {
    relations: ['none'],
    input: async () => ({ requestId: await erasureRequestFor('APPROVED') }),
    allowed: coordinatorOnly,
  },
  logErasureRequestAction: {
    relations: ['none'],
    input: async () => ({ who: (await makeCase()).kase.reference }),
    allowed: coordinatorOnly,
  },
  // "Download my data" (issue 13, point 1): names no record, always the caller's own; members only. Whose export
  // may be followed or downloaded (the member alone; 404 for a coordinator too): __tests__/lib/member-export.
  requestMemberExportAction: { relations: ['none'], input: async () => ({}), allowed: (w) => w === 'member' },
};

/** An open subject access request about the person of a case (or a new person with no case). */
async function accessRequestFor(caseId: string | null): Promise<string> {
  const personId = caseId
    ? (await db.case.findUniqueOrThrow({ where: { id: caseId } })).personId
    : (await db.person.create({ data: { fullName: `Matrix person ${fresh()}` } })).id;
  const coordinator = await db.user.findFirstOrThrow({ where: { role: 'COORDINATOR' } });
  const r = await db.accessRequest.create({
    data: {
      personId,
      receivedOn: new Date('2026-11-02'),
      source: 'PERSON',
      dueOn: new Date('2026-12-02'),
      correspondingOn: new Date('2026-12-02'),
      rule: 'One calendar month',
      createdById: coordinator.id,
    },
  });
  return r.id;
}

/** A request to erase a new member of its own (with a case), waiting for a decision or already approved. */
async function erasureRequestFor(status: 'REQUESTED' | 'APPROVED' = 'REQUESTED'): Promise<string> {
  const { member, person } = await makeCase();
  const row = await db.erasureRequest.create({
    data: { personId: person.id, userId: member!.id, requestedById: member!.id, status },
  });
  return row.id;
}

function loadActions(): Record<string, (input: unknown) => Promise<ActionResult<unknown>>> {
  const lib = path.resolve(__dirname, '../../lib');
  const out: Record<string, (input: unknown) => Promise<ActionResult<unknown>>> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'generated') walk(full);
      else if (/\.tsx?$/.test(entry.name) && /^['"]use server['"]/.test(fs.readFileSync(full, 'utf8').trimStart())) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        Object.assign(out, require(full));
      }
    }
  };
  walk(lib);
  return out;
}

const actions = loadActions();
let fixture: Fixture;

beforeAll(async () => {
  const [member, caseworker, coordinator, otherCaseworker] = await Promise.all([
    makeUser('MEMBER'),
    makeUser('CASEWORKER'),
    makeUser('COORDINATOR'),
    makeUser('CASEWORKER'),
  ]);
  const own = await makeCase({ member, caseworker });
  const others = await makeCase({ caseworker: otherCaseworker });
  const unassigned = await makeCase();
  fixture = {
    member,
    caseworker,
    coordinator,
    cases: {
      own: { id: own.kase.id, memberId: member.id },
      others: { id: others.kase.id, memberId: others.member!.id },
      unassigned: { id: unassigned.kase.id, memberId: unassigned.member!.id },
      hidden: { id: own.kase.id, memberId: member.id },
    },
  };
});

// The bundles that allowed rows start, and the emails sent after the answer, end in the shared set-up's afterAll
// (__tests__/helpers/setup-after-env.ts), before the database closes.

test('every server action has a row in the access matrix', () => {
  expect(Object.keys(actions).sort()).toEqual(Object.keys(MATRIX).sort());
});

const WHO: Who[] = ['anonymous', 'member', 'caseworker', 'coordinator'];
const rows = Object.entries(MATRIX).flatMap(([name, row]) =>
  row.relations.flatMap((rel) => WHO.map((who) => [name, who, rel] as const)),
);

test.each(rows)('%s as %s on %s record', async (name, who, rel) => {
  const row = MATRIX[name]!;
  const input = await row.input(fixture, rel, who);
  actAs(who === 'anonymous' ? null : fixture[who]);
  const result = await actions[name]!(input);
  if (row.allowed(who, rel)) {
    expect(result).toMatchObject({ ok: true });
  } else {
    // Not allowed looks like not found; a visitor is asked to sign in. Never a success.
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ code: who === 'anonymous' ? 'unauthenticated' : 'not_found' });
  }
});

import type { Tx } from '../db/client';

/** Whose data goes: the Person (and with it every case about them) and their account, when they have one. */
export type ErasureSubject = { personId: string | null; userId: string | null; caseIds?: string[] };

/** What went, by id and count only; `blobKeys` are deleted from the store once the transaction has committed. */
export type ErasedRows = {
  caseIds: string[];
  caseCount: number;
  fileCount: number;
  blobKeys: string[];
  /** Case references and the person's own words that name them, to find copies outside the database (the outbox). */
  names: string[];
};

const ERASED_NAME = 'Erased member';
export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;

/**
 * Deletes, inside the caller's transaction, every row about the subject: the person, every case about them and
 * everything hanging from those cases (sanctions, timeline entries and group-action copies, evidence rows with their
 * wrapped file keys, letters, letter drafts, bundles and review packs that hold one of the cases, their items and build
 * jobs, deadlines, fairness findings and published reviews, stage changes, claim links, links to other cases, branch
 * history, subject access requests to the network and their release); and the account's sessions, second factors,
 * calendar links, digests, intake draft, exports, sign-in attempts, sign-up requests, invitations and reset links. The
 * account row itself stays, disabled and anonymised, so that other people's audit rows still name an actor.
 * The search index goes with the rows (tsvector columns and Person.searchName are columns of the deleted rows).
 *
 * Idempotent: run again on a subject already erased, it finds nothing and deletes nothing.
 * Audit rows are kept, and scrubbed of the address and browser they were written from (scrubAudit).
 */
export async function eraseSubject(tx: Tx, subject: ErasureSubject, now = new Date()): Promise<ErasedRows> {
  const person = subject.personId
    ? await tx.person.findUnique({
        where: { id: subject.personId },
        select: { id: true, fullName: true, email: true, membershipNumber: true, phone: true },
      })
    : null;
  const user = subject.userId
    ? await tx.user.findUnique({ where: { id: subject.userId }, select: { id: true, email: true, name: true } })
    : null;
  // The person's cases, and (on a replay after a restore) the cases the log names, wherever they are now.
  const known = subject.caseIds ?? [];
  const cases =
    person || known.length
      ? await tx.case.findMany({
          where: { OR: [...(person ? [{ personId: person.id }] : []), { id: { in: known } }] },
          select: { id: true, reference: true },
        })
      : [];
  const caseIds = cases.map((c) => c.id);
  const names = [
    ...cases.map((c) => c.reference),
    person?.fullName,
    person?.email,
    person?.membershipNumber,
    person?.phone,
    user && !user.email.endsWith('@erased.invalid') ? user.email : null,
    user && user.name !== ERASED_NAME ? user.name : null,
  ].filter((s): s is string => !!s && s.trim().length >= 3);

  const files = await eraseCaseRows(tx, caseIds, person?.id ?? null, user?.id ?? null);
  if (person) {
    const requests = await tx.accessRequest.findMany({
      where: { personId: person.id },
      select: { id: true, storageKey: true },
    });
    files.push(...requests.flatMap((r) => (r.storageKey ? [r.storageKey] : [])));
    await tx.accessRequestItem.deleteMany({ where: { requestId: { in: requests.map((r) => r.id) } } });
    await tx.accessRequest.deleteMany({ where: { personId: person.id } });
    await tx.person.delete({ where: { id: person.id } });
  }
  if (user) files.push(...(await eraseAccount(tx, user, now)));
  await scrubAudit(
    tx,
    [...caseIds, person?.id, user?.id].filter((s): s is string => !!s),
    caseIds,
    user?.id ?? null,
  );
  return { caseIds, caseCount: caseIds.length, fileCount: files.length, blobKeys: files, names };
}

/** Every row of the cases, children first (foreign keys refuse a parent with children). Returns the files' keys. */
async function eraseCaseRows(tx: Tx, caseIds: string[], personId: string | null, userId: string | null) {
  if (!caseIds.length) return [];
  const inCases = { caseId: { in: caseIds } };
  const [evidence, letters, bundles, events] = await Promise.all([
    tx.evidence.findMany({ where: inCases, select: { id: true, storageKey: true, previewKey: true } }),
    tx.letter.findMany({ where: inCases, select: { id: true, pdfStorageKey: true } }),
    // A review pack over many cases holds this person's case too: it goes whole (it can be made again without them).
    tx.bundle.findMany({
      where: { OR: [inCases, { caseIds: { hasSome: caseIds } }] },
      select: { id: true, storageKey: true },
    }),
    tx.timelineEvent.findMany({ where: inCases, select: { id: true } }),
  ]);
  const evidenceIds = evidence.map((e) => e.id);
  const eventIds = events.map((e) => e.id);
  const bundleIds = bundles.map((b) => b.id);
  const letterIds = letters.map((l) => l.id);
  const blobKeys = [
    ...evidence.flatMap((e) => [e.storageKey, e.previewKey]),
    ...letters.map((l) => l.pdfStorageKey),
    ...bundles.map((b) => b.storageKey),
  ].filter((k): k is string => !!k);

  await tx.bundleItem.deleteMany({
    where: {
      OR: [{ bundleId: { in: bundleIds } }, { evidenceId: { in: evidenceIds } }, { eventId: { in: eventIds } }],
    },
  });
  // Build jobs name their bundle; any job naming one of the erased records goes with it.
  await tx.job.deleteMany({
    where: {
      subjectId: { in: [...bundleIds, ...caseIds, ...(personId ? [personId] : []), ...(userId ? [userId] : [])] },
    },
  });
  await tx.bundle.deleteMany({ where: { id: { in: bundleIds } } });
  await tx.deadline.deleteMany({ where: inCases });
  await tx.evidenceLink.deleteMany({
    where: { OR: [{ evidenceId: { in: evidenceIds } }, { eventId: { in: eventIds } }] },
  });
  // Letters on other cases never follow one of these, but a chain inside the case is cut first.
  await tx.letter.updateMany({ where: { parentId: { in: letterIds } }, data: { parentId: null } });
  await tx.letter.deleteMany({ where: inCases });
  await tx.evidence.deleteMany({ where: inCases });
  await tx.timelineEvent.deleteMany({ where: inCases });
  await tx.sanction.deleteMany({ where: inCases });
  await tx.assignment.deleteMany({ where: inCases });
  await tx.caseStageChange.deleteMany({ where: inCases });
  await tx.caseClaim.deleteMany({ where: inCases });
  await tx.caseLink.deleteMany({ where: { OR: [{ fromCaseId: { in: caseIds } }, { toCaseId: { in: caseIds } }] } });
  await tx.groupActionCase.deleteMany({ where: inCases });
  await tx.caseBranch.deleteMany({ where: inCases });
  await tx.letterDraft.deleteMany({ where: inCases });
  await tx.fairnessFinding.deleteMany({ where: inCases });
  await tx.reviewPublication.deleteMany({ where: inCases });
  await tx.case.deleteMany({ where: { id: { in: caseIds } } });
  return blobKeys;
}

/** The account's own rows go; the account row is disabled and keeps no name, address or secret. */
async function eraseAccount(tx: Tx, user: { id: string; email: string }, now: Date): Promise<string[]> {
  const userId = user.id;
  const exports = await tx.memberExport.findMany({ where: { userId }, select: { id: true, storageKey: true } });
  await tx.job.deleteMany({ where: { subjectId: { in: exports.map((e) => e.id) } } });
  await tx.memberExport.deleteMany({ where: { userId } });
  await tx.session.deleteMany({ where: { userId } });
  await tx.signInChallenge.deleteMany({ where: { userId } });
  await tx.totpFactor.deleteMany({ where: { userId } });
  await tx.passkey.deleteMany({ where: { userId } });
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.passwordReset.deleteMany({ where: { userId } });
  await tx.calendarFeed.deleteMany({ where: { userId } });
  await tx.reminderDigest.deleteMany({ where: { userId } });
  await tx.intakeDraft.deleteMany({ where: { userId } });
  if (!user.email.endsWith('@erased.invalid')) {
    const email = { equals: user.email, mode: 'insensitive' as const };
    await tx.loginAttempt.deleteMany({ where: { email } });
    await tx.authMail.deleteMany({ where: { email } });
    await tx.signUpRequest.deleteMany({ where: { email } });
    // An invitation received names the person; one that was used or ran out has nothing left to do.
    await tx.invite.deleteMany({ where: { email } });
  }
  await tx.user.update({
    where: { id: userId },
    data: {
      email: erasedEmail(userId),
      name: ERASED_NAME,
      passwordHash: null,
      disabledAt: now,
      sessionVersion: { increment: 1 },
      reminderEmails: false,
      mfaRequiredAt: null,
      passkeyChallenge: null,
      passkeyChallengeExpiresAt: null,
    },
  });
  return exports.flatMap((e) => (e.storageKey ? [e.storageKey] : []));
}

/**
 * Audit rows keep the fact of what was done, when and by whom (action, record type and id, field names, time,
 * actor), which holds no personal content; what could identify the person — the address and browser a row was
 * written from — is cleared on every row about their cases, their records or written by them.
 */
async function scrubAudit(tx: Tx, entityIds: string[], caseIds: string[], userId: string | null): Promise<void> {
  if (!entityIds.length) return;
  await tx.auditLog.updateMany({
    where: {
      OR: [{ caseId: { in: caseIds } }, { entityId: { in: entityIds } }, ...(userId ? [{ actorId: userId }] : [])],
      NOT: { AND: [{ ip: null }, { userAgent: null }] },
    },
    data: { ip: null, userAgent: null },
  });
}

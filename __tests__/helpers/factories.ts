import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import type { Role } from '@/lib/db/generated/enums';
import { nextCaseReference } from '@/lib/cases/next-reference';
import type { CurrentUser } from '@/lib/auth/current-user';

// Unique data per call, so tests share a database without resets.
const uid = () => crypto.randomBytes(5).toString('hex');

export type TestUser = CurrentUser;

export async function makeUser(
  role: Role = 'MEMBER',
  overrides: { passwordHash?: string; email?: string } = {},
): Promise<TestUser> {
  const id = uid();
  const user = await db.user.create({
    data: {
      email: overrides.email ?? `${role.toLowerCase()}-${id}@example.test`,
      name: `${role[0]}${role.slice(1).toLowerCase()} ${id}`,
      role,
      passwordHash: overrides.passwordHash ?? null,
    },
    select: { id: true, role: true, name: true, email: true },
  });
  return user;
}

/** A registered passkey row (no real key: for tests of who has a second factor, not of WebAuthn itself). */
export async function makePasskey(userId: string, name = 'Key') {
  return db.passkey.create({
    data: {
      userId,
      credentialId: crypto.randomUUID(),
      publicKey: new Uint8Array([1]),
      deviceType: 'singleDevice',
      name,
    },
  });
}

export async function makeBranch() {
  const id = uid();
  const region = await db.region.create({ data: { name: `Region ${id}` } });
  const branch = await db.branch.create({ data: { name: `Branch ${id}`, regionId: region.id, memberCount: 40 } });
  return { region, branch };
}

/** A case for a member (a new one unless given), optionally assigned to a caseworker, with consent given. */
export async function makeCase(
  options: { member?: TestUser | null; caseworker?: TestUser; consent?: boolean; branchId?: string } = {},
) {
  const member = options.member === undefined ? await makeUser('MEMBER') : options.member;
  const person = member
    ? await db.person.upsert({
        where: { userId: member.id },
        create: { fullName: member.name, userId: member.id, email: member.email, branchId: options.branchId },
        update: {},
      })
    : await db.person.create({ data: { fullName: `Offline person ${uid()}`, branchId: options.branchId } });
  const creatorId = member?.id ?? options.caseworker?.id ?? (await makeUser('COORDINATOR')).id;
  const kase = await db.$transaction(async (tx) =>
    tx.case.create({
      data: {
        reference: await nextCaseReference(tx),
        personId: person.id,
        createdById: creatorId,
        stage: 'INVESTIGATION',
        consentGivenAt: options.consent === false ? null : new Date(),
        wants: ['APPEAL'],
        sanctions: {
          create: {
            type: 'SUSPENSION',
            imposedOn: new Date('2021-03-01'),
            imposedPrecision: 'MONTH',
            imposedBy: 'GENERAL_SECRETARY',
            reasonCategory: 'MOTION',
          },
        },
      },
    }),
  );
  if (options.caseworker) {
    await db.assignment.create({
      data: { caseId: kase.id, caseworkerId: options.caseworker.id, assignedById: creatorId },
    });
  }
  return { kase, member, person };
}

export async function makeEvent(caseId: string, createdById: string, visibility: 'SHARED' | 'CASEWORKERS' = 'SHARED') {
  return db.timelineEvent.create({
    data: {
      caseId,
      createdById,
      visibility,
      type: 'NOTE',
      occurredOn: new Date('2021-04-01'),
      datePrecision: 'DAY',
      title: `Entry ${uid()}`,
    },
  });
}

/** Sets who is calling server actions in this test file (null: a visitor). */
export function actAs(user: TestUser | null, ip = '203.0.113.7'): void {
  (globalThis as { __testContext?: unknown }).__testContext = { user, ip, userAgent: 'jest' };
}

export const ctx = { ip: '203.0.113.7', userAgent: 'jest' };

/** An evidence item with real encrypted bytes in the configured store (local under DATA_DIR in tests). */
export async function makeEvidence(
  caseId: string,
  createdById: string,
  options: { visibility?: 'SHARED' | 'CASEWORKERS'; text?: string } = {},
) {
  const { Readable } = await import('node:stream');
  const { encryptToStore } = await import('@/lib/evidence/crypto');
  const { getBlobStore } = await import('@/lib/evidence/storage');
  const { newStorageKey, nextExhibitNumber } = await import('@/lib/evidence/file-evidence');
  const key = newStorageKey(caseId);
  const stored = await encryptToStore(
    getBlobStore(),
    key,
    Readable.from([Buffer.from(options.text ?? `Evidence ${uid()}\n`)]),
    {},
  );
  return db.$transaction(async (tx) =>
    tx.evidence.create({
      data: {
        caseId,
        exhibitNumber: await nextExhibitNumber(tx, caseId),
        title: `Letter ${uid()}`,
        originalName: 'letter.txt',
        mimeType: 'text/plain',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: key,
        wrappedKey: stored.wrappedKey,
        createdById,
        visibility: options.visibility ?? 'SHARED',
      },
    }),
  );
}

/**
 * The organisation (one row by design: the first created). With PostgreSQL the test files share a
 * database, so tests use the existing row rather than creating another, and set the bodies they need.
 */
export async function ensureOrganisation(
  bodies: {
    kind: 'GOVERNANCE_LEGAL_UNIT' | 'NCC' | 'NEC_DISPUTES_PANEL' | 'GENERAL_SECRETARY';
    name: string;
    postalAddress: string;
  }[] = [],
) {
  const org =
    (await db.organisation.findFirst({ orderBy: { createdAt: 'asc' } })) ??
    (await db.organisation.create({
      data: { name: 'The Party', jurisdiction: 'ENGLAND_WALES', defaultResponseDays: 14, defaultAppealDays: 21 },
    }));
  for (const b of bodies) {
    await db.body.upsert({
      where: { organisationId_kind: { organisationId: org.id, kind: b.kind } },
      create: { organisationId: org.id, ...b },
      update: {},
    });
  }
  return org;
}

import { db } from '../db/client';
import { formatPartialDate } from '../dates/partial-date';
import { EVENT_TYPE_LABELS } from '../cases/labels';
import { newStorageKey } from '../evidence/file-evidence';
import { withheldFrom } from '../auth/audience';
import { EVENT_ORDER } from '../timeline/event-order';
import { included, type BundlePlan } from './plan-types';
import type { ChronologyRow } from './render-parts';
import type { BundleRenderInput } from './render-bundle';
import { storeBuild } from './store-build';

// Builds one queued case bundle: reads, in this (the server's) process, everything the build needs from
// the database as one snapshot; the PDF itself is drawn, merged and encrypted into the blob store by a
// PDF worker process (lib/jobs/worker-process.ts), which reports progress back to be written to the row.

export async function buildBundle(
  bundleId: string,
  opts: { signal?: AbortSignal } = {},
): Promise<{ workerMaxRssMb: number | null }> {
  const bundle = await db.bundle.findUniqueOrThrow({
    where: { id: bundleId },
    select: {
      id: true,
      caseId: true,
      purpose: true,
      plan: true,
      createdBy: { select: { name: true, role: true } },
      case: {
        select: {
          id: true,
          reference: true,
          summary: true,
          person: { select: { fullName: true, branch: { select: { name: true } } } },
        },
      },
    },
  });
  if (!bundle.case) throw new Error('A case bundle needs a case');
  const kase = bundle.case;
  const plan = bundle.plan as unknown as BundlePlan;

  return storeBuild(
    {
      id: bundleId,
      caseId: kase.id,
      key: newStorageKey(kase.id),
      auditAction: 'bundle.built',
      failure:
        'The bundle could not be built. Nothing was lost; please try again, and tell a coordinator if it keeps failing.',
    },
    async () => {
      const items = plan.sections.flatMap((s) => (s.id === 'chronology' ? [] : s.items.filter(included)));
      const [chronology, evidence, letters] = await Promise.all([
        plan.sections.some((s) => s.id === 'chronology') ? chronologyRows(kase.id, plan) : [],
        db.evidence.findMany({
          where: { id: { in: items.filter((i) => i.kind === 'evidence').map((i) => i.id) }, caseId: kase.id },
          select: { id: true, storageKey: true, wrappedKey: true, mimeType: true },
        }),
        db.letter.findMany({
          where: { id: { in: items.filter((i) => i.kind === 'letter').map((i) => i.id) }, caseId: kase.id },
          select: { id: true, pdfStorageKey: true, pdfWrappedKey: true },
        }),
      ]);
      const input: BundleRenderInput = {
        purpose: bundle.purpose,
        plan,
        createdBy: bundle.createdBy,
        kase,
        chronology,
        evidence: Object.fromEntries(
          evidence.map((e) => [e.id, { storageKey: e.storageKey, wrappedKey: e.wrappedKey, mimeType: e.mimeType }]),
        ),
        letters: Object.fromEntries(
          letters.map((l) => [l.id, { storageKey: l.pdfStorageKey, wrappedKey: l.pdfWrappedKey }]),
        ),
        generatedOn: new Date().toISOString().slice(0, 10),
      };
      return { kind: 'bundle' as const, input };
    },
    opts,
  );
}

async function chronologyRows(caseId: string, plan: BundlePlan): Promise<ChronologyRow[]> {
  // The entries fixed when the bundle was planned for its audience, plus those put in on purpose.
  const section = plan.sections.find((s) => s.id === 'chronology');
  const ids = [...(section?.eventIds ?? []), ...(section?.items.filter(included).map((i) => i.id) ?? [])];
  const events = await db.timelineEvent.findMany({
    where: { caseId, id: { in: ids }, deletedAt: null },
    orderBy: EVENT_ORDER,
    select: {
      occurredOn: true,
      datePrecision: true,
      type: true,
      title: true,
      details: true,
      visibility: true,
      privileged: true,
      withoutPrejudice: true,
    },
  });
  return (
    events
      // Checked again as it is drawn: an entry that has since become hidden from this audience stays out.
      .filter((e) => withheldFrom(plan.audience, e).every((r) => r !== 'caseworkers-only'))
      .map((e) => ({
        date: formatPartialDate(e.occurredOn, e.datePrecision),
        approximate: e.datePrecision !== 'DAY',
        type: [EVENT_TYPE_LABELS[e.type], e.privileged && '(privileged)', e.withoutPrejudice && '(without prejudice)']
          .filter(Boolean)
          .join(' '),
        title: e.title,
        details: e.details,
      }))
  );
}

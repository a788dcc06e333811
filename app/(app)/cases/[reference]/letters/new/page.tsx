import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { NotFoundError } from '@/lib/errors';
import { startDraft, templateSummaries } from '@/lib/letters/letter-services';
import { LetterDraft } from '@/lib/letters/components/letter-draft';
import { todayInUk } from '@/lib/letters/uk-date';
import { getCaseForViewer } from '@/lib/cases/get-case';

export const metadata: Metadata = { title: 'Write a letter' };

const param = (v: string | undefined) => (v && /^[a-z0-9-]{1,60}$/i.test(v) ? v : undefined);

export default async function NewLetterPage({
  params,
  searchParams,
}: {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requirePageUser();
  const { reference } = await params;
  const sp = await searchParams;
  const templateKey = param(sp.template);
  const draftId = param(sp.draft);

  if (!templateKey && !draftId) {
    // The picker: the case must be one the person may open (audited as a view of the letters tab).
    const kase = await getCaseForViewer(ctx.user, reference, ctx, 'letters-new').catch((err) => {
      if (err instanceof NotFoundError) notFound();
      throw err;
    });
    return (
      <>
        <p className="mb-3">
          <Link href={`/cases/${kase.reference}?tab=letters`}>← Back to the case</Link>
        </p>
        <h1 className="text-3xl font-bold mb-2">Write a letter</h1>
        <p className="mb-6">
          Choose a letter. We fill it in from the case; you check it, change anything you like, and save it when you
          send it.
        </p>
        <ul className="grid gap-3 md:grid-cols-2">
          {templateSummaries().map((t) => (
            <li key={t.key} className="rounded-lg border-2 border-stone-300 bg-white p-4">
              <Link href={`/cases/${kase.reference}/letters/new?template=${t.key}`} className="text-lg font-bold">
                {t.title}
              </Link>
              <p className="mt-1">{t.description}</p>
            </li>
          ))}
        </ul>
      </>
    );
  }

  // A saved draft (?draft=) opens as it was typed; otherwise a new letter from the chosen template.
  const start = draftId
    ? { draftId }
    : { templateKey: templateKey!, parentLetterId: param(sp.parent), deadlineId: param(sp.deadline) };
  const draft = await startDraft(ctx.user, reference, start, ctx).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });
  return (
    <>
      <p className="mb-3">
        <Link href={`/cases/${draft.kase.reference}/letters/new`}>← Choose a different letter</Link>
      </p>
      <h1 className="text-3xl font-bold mb-1">{draft.template.title}</h1>
      <p className="mb-6 text-stone-700">
        Case {draft.kase.reference}. {draft.template.description}
      </p>
      <LetterDraft
        target={{
          caseId: draft.kase.id,
          templateKey: draft.template.key,
          parentLetterId: draft.target.parentLetterId,
          deadlineId: draft.target.deadlineId,
        }}
        reference={draft.kase.reference}
        title={draft.template.title}
        fields={draft.template.fields}
        values={draft.values}
        missing={draft.missing}
        today={todayInUk()}
        eventType={draft.template.eventType}
        replyWindowDays={draft.template.replyWindowDays}
        person={draft.person}
        draft={draft.draft}
      />
    </>
  );
}

import Form from 'next/form';
import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { bundleAudiencesFor } from '@/lib/auth/audience';
import { NotFoundError } from '@/lib/errors';
import { bundlePreflight } from '@/lib/bundle/bundle-services';
import { AUDIENCE_HINTS, AUDIENCE_LABELS, PURPOSE_LABELS } from '@/lib/bundle/plan-types';
import { PreflightEditor } from '@/lib/bundle/components/preflight-editor';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { Button } from '@/lib/ui/button';
import type { BundleAudience, BundlePurpose } from '@/lib/db/generated/enums';

export const metadata: Metadata = { title: 'Build a bundle' };

const PURPOSE_HINTS: Record<BundlePurpose, string> = {
  APPEAL: 'For an appeal panel: the decision, what led to it, and your evidence.',
  REINSTATEMENT_REVIEW: 'For a review of a suspension or expulsion that has gone on too long or was unfair.',
  SAR_FOLLOW_UP: 'To follow up a subject access request: what you asked for and what came back.',
};

export default async function NewBundlePage({
  params,
  searchParams,
}: {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requirePageUser();
  const { reference } = await params;
  const sp = await searchParams;
  const purpose = (Object.keys(PURPOSE_LABELS) as BundlePurpose[]).find((p) => p === sp.purpose);
  // Who may read it decides what it may hold; the choices offered come from the policy module.
  const audiences = bundleAudiencesFor(ctx.user);
  const audience = audiences.find((a) => a === (sp.audience ?? 'OUTSIDE'));
  const onError = (err: unknown): never => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  };

  if (!purpose || !audience) {
    const kase = await getCaseForViewer(ctx.user, reference, ctx, 'bundle-new').catch(onError);
    return (
      <>
        <p className="mb-3">
          <Link href={`/cases/${kase.reference}?tab=bundle`}>← Back to the case</Link>
        </p>
        <h1 className="text-3xl font-bold mb-4">Build a bundle</h1>
        <Form action={`/cases/${kase.reference}/bundle/new`} className="max-w-xl">
          <fieldset className="mb-6">
            <legend className="text-xl font-semibold mb-3">What is the bundle for?</legend>
            {(Object.keys(PURPOSE_LABELS) as BundlePurpose[]).map((p, i) => (
              <label key={p} className="flex items-start gap-3 mb-4 cursor-pointer">
                <input
                  type="radio"
                  name="purpose"
                  value={p}
                  defaultChecked={purpose ? p === purpose : i === 0}
                  className="size-6 mt-1"
                />
                <span>
                  <strong>{PURPOSE_LABELS[p]}</strong>
                  <br />
                  {PURPOSE_HINTS[p]}
                </span>
              </label>
            ))}
          </fieldset>
          <fieldset className="mb-6">
            <legend className="text-xl font-semibold mb-3">Who will read it?</legend>
            {audiences.map((a: BundleAudience, i) => (
              <label key={a} className="flex items-start gap-3 mb-4 cursor-pointer">
                <input type="radio" name="audience" value={a} defaultChecked={i === 0} className="size-6 mt-1" />
                <span>
                  <strong>{AUDIENCE_LABELS[a]}</strong>
                  <br />
                  {AUDIENCE_HINTS[a]}
                </span>
              </label>
            ))}
          </fieldset>
          <Button type="submit">Continue</Button>
        </Form>
      </>
    );
  }

  const { kase, plan } = await bundlePreflight(ctx.user, reference, purpose, audience, ctx).catch(onError);
  return (
    <>
      <p className="mb-3">
        <Link href={`/cases/${kase.reference}/bundle/new`}>← Choose a different purpose or reader</Link>
      </p>
      <h1 className="text-3xl font-bold mb-1">Check the bundle before it is made</h1>
      <p className="mb-2 text-stone-700">
        {PURPOSE_LABELS[purpose]} bundle for case {kase.reference}, for: <strong>{AUDIENCE_LABELS[audience]}</strong>.
      </p>
      <p className="mb-6 text-stone-700">
        {AUDIENCE_HINTS[audience]} Put things in the order you want and decide about anything left out.
      </p>
      <PreflightEditor caseId={kase.id} reference={kase.reference} plan={plan} />
    </>
  );
}

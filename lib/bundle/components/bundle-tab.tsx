import Link from '@/lib/ui/link';
import { EmptyState, Alert, Badge } from '../../ui/feedback';
import { linkButtonClass } from '../../ui/button';
import { AUDIENCE_LABELS, PURPOSE_LABELS } from '../plan-types';
import { BundleProgress } from './tab-parts';
import type { BundleRow } from '../bundle-services';

const when = (d: Date) =>
  d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

/** Every version of the case's bundle, newest first; one being built shows its progress. */
export function BundleTab({
  reference,
  bundles,
  started,
}: {
  reference: string;
  bundles: BundleRow[];
  started?: string;
}) {
  return (
    <section aria-labelledby="bundle-heading">
      <div className="flex flex-wrap items-center justify-between gap-3 mb-4">
        <h2 id="bundle-heading" className="text-2xl font-bold">
          Bundle
        </h2>
        <Link href={`/cases/${reference}/bundle/new`} className={linkButtonClass}>
          Build a bundle
        </Link>
      </div>
      {started && bundles.some((b) => b.id === started) && (
        <Alert kind="success" title="Bundle started">
          It is being built now. Earlier versions stay below.
        </Alert>
      )}
      {bundles.length === 0 ? (
        <EmptyState title="No bundle yet">
          <p>
            A bundle is the whole case in one PDF for an appeal panel or a review: cover, index, chronology, letters and
            every exhibit, with page numbers and fingerprints.
          </p>
        </EmptyState>
      ) : (
        <ol className="grid gap-3">
          {bundles.map((b) => (
            <li key={b.id} className="rounded-lg border-2 border-stone-300 bg-white p-4">
              <p className="font-bold">
                Version {b.version} · {b.purpose ? PURPOSE_LABELS[b.purpose] : 'Bundle'}{' '}
                {b.audience === 'STAFF' && <Badge tone="warning">Caseworkers only</Badge>}{' '}
                {b.supersededAt && <Badge tone="bad">Withdrawn</Badge>}
              </p>
              <p className="text-sm">
                For: {AUDIENCE_LABELS[b.audience]}. Started {when(b.createdAt)} by {b.createdBy.name}
              </p>
              {b.supersededAt && (
                <Alert kind="warning" title="Withdrawn: do not send this version">
                  {b.supersededReason ?? 'Something in it may no longer be shown to its readers.'} Only caseworkers can
                  still open it. Build a new version.
                </Alert>
              )}
              {(b.status === 'QUEUED' || b.status === 'BUILDING') && <BundleProgress id={b.id} initial={b} />}
              {b.status === 'FAILED' && <Alert>{b.error ?? 'The bundle could not be built.'}</Alert>}
              {b.status === 'READY' && (
                <>
                  <p>
                    {b.pageCount} pages · {((b.sizeBytes ?? 0) / 1024 / 1024).toFixed(1)} MB ·{' '}
                    <a href={`/api/bundles/${b.id}/download`} download>
                      Download the PDF
                    </a>
                  </p>
                  <details className="text-sm">
                    <summary className="cursor-pointer">Fingerprint</summary>
                    <p className="break-all">
                      SHA-256: <code>{b.sha256}</code>
                    </p>
                  </details>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

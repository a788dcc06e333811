import { CaptureForm, EvidenceItemActions, EvidenceUploader, PreviewWatcher } from './evidence-tab-parts';
import { EVIDENCE_KIND_LABELS } from '../kinds';
import type { listEvidence } from '../evidence-services';
import { canEditEvidence, canMarkCaseworkersOnly, canPurgeEvidence, type Actor } from '../../auth/policy';
import { Badge, EmptyState } from '../../ui/feedback';
import { formatPartialDate, formatTimestamp, fromStored } from '../../dates/partial-date';
import { EVENT_TYPE_LABELS } from '../../cases/labels';
import type { EventType, DatePrecision } from '../../db/generated/enums';

type Items = Awaited<ReturnType<typeof listEvidence>>;
type Ev = { id: string; type: EventType; occurredOn: Date; datePrecision: DatePrecision; title: string };

const sizeText = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function EvidenceTab({
  actor,
  reference,
  caseId,
  items,
  events,
  maxMb,
}: {
  actor: Actor;
  reference: string;
  caseId: string;
  items: Items;
  events: Ev[];
  maxMb: number;
}) {
  const eventOptions = events.map((e) => ({
    id: e.id,
    label: `${formatPartialDate(e.occurredOn, e.datePrecision)} – ${EVENT_TYPE_LABELS[e.type]}: ${e.title}`.slice(
      0,
      120,
    ),
  }));
  const eventLabel = new Map(eventOptions.map((e) => [e.id, e.label]));
  const pendingPreviews = items
    .filter((i) => i.previewState === 'PENDING')
    .map((i) => i.id)
    .join(' ');
  return (
    <section aria-labelledby="evidence-heading">
      <h2 id="evidence-heading" className="text-2xl font-bold mb-4">
        Evidence
      </h2>
      <EvidenceUploader reference={reference} maxMb={maxMb} canMarkCaseworkersOnly={canMarkCaseworkersOnly(actor)} />
      <CaptureForm caseId={caseId} canMarkCaseworkersOnly={canMarkCaseworkersOnly(actor)} />
      <h3 className="text-xl font-bold mb-2">Filed items</h3>
      {pendingPreviews && <PreviewWatcher pending={pendingPreviews} />}
      {items.length === 0 ? (
        <EmptyState title="No evidence filed yet">
          <p>
            Add the letters and emails you received, screenshots of posts, and anything else that shows what happened.
          </p>
        </EmptyState>
      ) : (
        <ol className="grid gap-4">
          {items.map((item) => {
            const exhibit = `E${item.exhibitNumber}`;
            return (
              <li
                key={item.id}
                className={`rounded-lg border p-4 ${item.visibility === 'CASEWORKERS' ? 'bg-amber-50 border-amber-700' : 'bg-white border-stone-300'}`}
              >
                <div className="flex gap-4">
                  {item.previewKey ? (
                    // eslint-disable-next-line @next/next/no-img-element -- an authenticated, per-user image route, not a static asset
                    <img
                      src={`/api/evidence/${item.id}/preview`}
                      alt={`Preview of ${exhibit}`}
                      className="w-24 h-24 object-cover rounded border border-stone-300 shrink-0"
                      loading="lazy"
                    />
                  ) : item.previewState === 'PENDING' || item.previewState === 'FAILED' ? (
                    <div className="w-24 h-24 rounded border border-stone-300 bg-stone-100 grid place-items-center text-center text-sm p-1 shrink-0">
                      {item.previewState === 'PENDING' ? 'Preview being made' : 'No preview'}
                    </div>
                  ) : (
                    <div
                      aria-hidden="true"
                      className="w-24 h-24 rounded border border-stone-300 bg-stone-100 grid place-items-center text-sm font-semibold shrink-0"
                    >
                      {item.mimeType.split('/')[1]?.slice(0, 5).toUpperCase()}
                    </div>
                  )}
                  <div className="min-w-0 [overflow-wrap:anywhere]">
                    <p className="flex flex-wrap items-baseline gap-2">
                      <span className="font-mono font-bold">{exhibit}</span>
                      <span className="font-semibold">{item.title}</span>
                      <Badge>{EVIDENCE_KIND_LABELS[item.kind]}</Badge>
                      {item.visibility === 'CASEWORKERS' && <Badge tone="warning">Caseworkers only</Badge>}
                      {item.privileged && <Badge tone="warning">Privileged</Badge>}
                      {item.withoutPrejudice && <Badge tone="warning">Without prejudice</Badge>}
                    </p>
                    <p className="text-stone-700">
                      {item.occurredOn ? formatPartialDate(item.occurredOn, item.datePrecision) : 'No date given'}
                    </p>
                    {item.source && (
                      <p
                        className="text-sm text-stone-700"
                        title="Only caseworkers and whoever filed it see this note. It goes in a bundle only if chosen."
                      >
                        Where it came from (private note): {item.source}
                      </p>
                    )}
                    <p className="text-sm text-stone-600">
                      Filed by {item.createdBy.name} on {formatTimestamp(item.createdAt)} · {item.originalName} ·{' '}
                      {sizeText(item.sizeBytes)}
                    </p>
                    <p className="text-sm break-all">
                      <span className="font-semibold">SHA-256:</span> <code>{item.sha256}</code>
                    </p>
                    {item.links.length > 0 && (
                      <p className="text-sm">
                        Linked to: {item.links.map((l) => eventLabel.get(l.eventId) ?? 'an entry').join('; ')}
                      </p>
                    )}
                    {item.previewState === 'PENDING' && (
                      <p className="text-sm text-stone-700">
                        The preview is being made: it appears here in a moment (if it does not, reload the page).
                      </p>
                    )}
                    {item.previewState === 'FAILED' && (
                      <p className="text-sm text-stone-700">
                        A preview could not be made from this file. The file itself is filed as it was sent: download it
                        to see it.
                      </p>
                    )}
                    <p className="mt-1">
                      <a href={`/api/evidence/${item.id}/download`} download>
                        Download the original
                      </a>
                    </p>
                  </div>
                </div>
                <EvidenceItemActions
                  id={item.id}
                  version={item.version}
                  exhibit={exhibit}
                  title={item.title}
                  defaults={{
                    title: item.title,
                    kind: item.kind,
                    source: item.source ?? '',
                    sourceUrl: item.sourceUrl ?? '',
                    privileged: item.privileged,
                    withoutPrejudice: item.withoutPrejudice,
                    caseworkersOnly: item.visibility === 'CASEWORKERS',
                    date:
                      item.occurredOn && item.datePrecision
                        ? (fromStored(item.occurredOn, item.datePrecision) as never)
                        : undefined,
                  }}
                  canEdit={canEditEvidence(actor, item)}
                  canPurge={canPurgeEvidence(actor)}
                  canMarkCaseworkersOnly={canMarkCaseworkersOnly(actor)}
                  events={eventOptions}
                  linkedEventIds={item.links.map((l) => l.eventId)}
                />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

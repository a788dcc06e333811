'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import dynamic from 'next/dynamic';
import { addEventAction, deleteEventAction, updateEventAction } from '../actions';
import { EVENT_TYPE_LABELS } from '../../cases/labels';
import { Badge, EmptyState, Alert } from '../../ui/feedback';
import { Button } from '../../ui/button';
import { formatPartialDate, fromStored, type DatePrecision } from '../../dates/partial-date';
import type { DecisionOutcome, EventType, Visibility } from '../../db/generated/enums';
import { DECISION_OUTCOME_LABELS } from '../decision-outcome';
import { sameDay } from '../event-order';
import { MoveButtons } from './move-buttons';

// The entry form (with its lists of kinds, hints and date fields) comes when someone adds or edits an entry.
const EventForm = dynamic(() => import('./event-form').then((m) => m.EventForm), {
  loading: () => <p role="status">Opening the form…</p>,
});

export type TimelineItem = {
  id: string;
  type: EventType;
  occurredOn: string;
  datePrecision: DatePrecision;
  title: string;
  details: string | null;
  visibility: Visibility;
  privileged: boolean;
  withoutPrejudice: boolean;
  version: number;
  windowDays: number | null;
  receivedOn: string | null;
  addedBy: string;
  canEdit: boolean;
  canDelete: boolean;
  evidence: { id: string; exhibitNumber: number; title: string }[];
  letterId: string | null;
  /** Set on a copy of a group action's event: shown with its source, and changed on the group action only. */
  source?: { reference: string; title: string; href?: string | null } | null;
  /** A decision's outcome for the member (decisions and appeal decisions only). */
  decisionOutcome?: DecisionOutcome | null;
};

export function Timeline({
  caseId,
  items,
  canMarkCaseworkersOnly,
  canReorder = false,
}: {
  caseId: string;
  items: TimelineItem[];
  canMarkCaseworkersOnly: boolean;
  canReorder?: boolean;
}) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (msg: string) => {
    setSaved(msg);
    setAdding(false);
    router.refresh();
  };
  return (
    <section aria-labelledby="timeline-heading">
      <div className="flex flex-wrap items-center justify-between gap-3 mb-4">
        <h2 id="timeline-heading" className="text-2xl font-bold">
          Timeline
        </h2>
        {!adding && (
          <Button
            onClick={() => {
              setAdding(true);
              setSaved(null);
            }}
          >
            Add to the timeline
          </Button>
        )}
      </div>
      {saved && <Alert kind="success">{saved}</Alert>}
      {adding && (
        <div className="mb-6">
          <EventForm
            idPrefix="new-event"
            canMarkCaseworkersOnly={canMarkCaseworkersOnly}
            submitLabel="Add to the timeline"
            onSubmit={(v) => addEventAction({ caseId, ...v })}
            onDone={() => done('Added to the timeline.')}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      {items.length === 0 ? (
        <EmptyState title="Nothing on the timeline yet">
          <p>
            Add the letters, meetings and decisions in your case, even if you only remember roughly when they happened.
          </p>
        </EmptyState>
      ) : (
        <ol className="grid gap-3">
          {items.map((item, i) => (
            <TimelineEntry
              key={item.id}
              item={item}
              canMarkCaseworkersOnly={canMarkCaseworkersOnly}
              onSaved={done}
              move={canReorder ? sameDayNeighbours(items, i) : null}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The entries just before and after on the same day (for "Move up / Move down"); null when it shares its day with none. */
function sameDayNeighbours(items: TimelineItem[], i: number) {
  const ref = (e: TimelineItem | undefined) => (e && sameDay(e, items[i]!) ? { id: e.id, version: e.version } : null);
  const [up, down] = [ref(items[i - 1]), ref(items[i + 1])];
  return up || down ? { up, down } : null;
}

function TimelineEntry({
  item,
  canMarkCaseworkersOnly,
  onSaved,
  move,
}: {
  item: TimelineItem;
  canMarkCaseworkersOnly: boolean;
  onSaved: (m: string) => void;
  move: { up: { id: string; version: number } | null; down: { id: string; version: number } | null } | null;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const date = new Date(item.occurredOn);
  const approximate = item.datePrecision !== 'DAY';
  return (
    <li
      className={`rounded-lg border p-4 ${item.visibility === 'CASEWORKERS' ? 'bg-amber-50 border-amber-700' : 'bg-white border-stone-300'}`}
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <time dateTime={item.occurredOn.slice(0, 10)} className="font-bold">
          {formatPartialDate(date, item.datePrecision)}
        </time>
        {approximate && <span className="text-sm text-stone-600">(date not exact)</span>}
        <Badge>{EVENT_TYPE_LABELS[item.type]}</Badge>
        {item.visibility === 'CASEWORKERS' && <Badge tone="warning">Caseworkers only</Badge>}
        {item.privileged && <Badge tone="warning">Privileged</Badge>}
        {item.withoutPrejudice && <Badge tone="warning">Without prejudice</Badge>}
      </div>
      <p className="font-semibold mt-1">{item.title}</p>
      {(item.receivedOn || item.windowDays || item.decisionOutcome) && (
        <p className="text-sm mt-1">
          {item.decisionOutcome && (
            <>
              {DECISION_OUTCOME_LABELS[item.decisionOutcome].replace(
                'Not sure yet',
                'Not yet known whether it went against the member',
              )}
              .{' '}
            </>
          )}
          {item.receivedOn && <>Received {formatPartialDate(new Date(`${item.receivedOn}T00:00:00Z`), 'DAY')}. </>}
          {item.windowDays && (
            <>
              {item.type === 'LETTER_SENT' ? 'Asked for a reply within' : 'Reply window stated in the letter:'}{' '}
              {item.windowDays} days.
            </>
          )}
        </p>
      )}
      {item.details && <p className="whitespace-pre-wrap mt-1">{item.details}</p>}
      {item.evidence.length > 0 && (
        <ul className="mt-1 text-sm" aria-label="Linked evidence">
          {item.evidence.map((e) => (
            <li key={e.id}>
              <a href={`/api/evidence/${e.id}/download`} download>
                E{e.exhibitNumber} – {e.title}
              </a>
            </li>
          ))}
        </ul>
      )}
      {item.letterId && (
        <p className="text-sm mt-1">
          <a href={`/api/letters/${item.letterId}/pdf`} download>
            The letter as sent (PDF)
          </a>
        </p>
      )}
      {item.source && (
        <p className="text-sm font-semibold mt-1">
          From group action{' '}
          {item.source.href ? <a href={item.source.href}>{item.source.reference}</a> : item.source.reference}:{' '}
          {item.source.title}
          {item.source.href && <span className="font-normal"> (changes are made there, for every linked case)</span>}
        </p>
      )}
      <p className="text-sm text-stone-600 mt-1">Added by {item.addedBy}</p>
      {move && !editing && <MoveButtons item={item} up={move.up} down={move.down} onMoved={onSaved} />}
      {deleteError && <Alert>{deleteError}</Alert>}
      {!item.source && (item.canEdit || item.canDelete) && !editing && (
        <div className="flex gap-3 mt-2">
          {item.canEdit && (
            <Button
              variant="secondary"
              onClick={() => {
                setEditing(true);
                setConflict(false);
              }}
              aria-label={`Edit “${item.title}”`}
            >
              Edit
            </Button>
          )}
          {item.canDelete && (
            <Button
              variant="secondary"
              aria-label={`Delete “${item.title}”`}
              onClick={async () => {
                if (!window.confirm(`Delete “${item.title}” from the timeline?`)) return;
                const res = await deleteEventAction({ eventId: item.id, version: item.version });
                if (res.ok) onSaved('Entry deleted.');
                else {
                  setDeleteError(res.error);
                  router.refresh();
                }
              }}
            >
              Delete
            </Button>
          )}
        </div>
      )}
      {editing && (
        <div className="mt-3">
          {conflict && (
            <Alert kind="info" title="The latest saved version is shown above">
              Compare it with your text below. Saving again will replace it with your version.
            </Alert>
          )}
          <EventForm
            idPrefix={`edit-${item.id}`}
            canMarkCaseworkersOnly={canMarkCaseworkersOnly}
            submitLabel="Save changes"
            defaults={{
              type: item.type,
              title: item.title,
              details: item.details ?? '',
              caseworkersOnly: item.visibility === 'CASEWORKERS',
              privileged: item.privileged,
              withoutPrejudice: item.withoutPrejudice,
              windowDays: item.windowDays ?? undefined,
              receivedOn: item.receivedOn ?? undefined,
              decisionOutcome: item.decisionOutcome ?? undefined,
              date: fromStored(date, item.datePrecision) as never,
            }}
            // The version is read from the latest props at submit time: after a conflict and a refresh, saving again is a deliberate overwrite.
            // Who may see it is always sent (the form's schema gives a member, who has no caseworkers-only box, "shared").
            onSubmit={(v) => updateEventAction({ eventId: item.id, version: item.version, ...v })}
            onConflict={() => {
              setConflict(true);
              router.refresh();
            }}
            onDone={() => {
              setEditing(false);
              onSaved('Changes saved.');
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}
    </li>
  );
}

'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { lazyZodResolver } from '../../ui/lazy-resolver';
import type { z } from 'zod';
import { addGroupEventAction, deleteGroupEventAction, updateGroupEventAction } from '../actions';
import type { groupEventFormSchema, GroupEventFieldsInput } from '../schemas';
import { EVENT_TYPE_LABELS } from '../../cases/labels';
import { formatPartialDate, fromStored, type DatePrecision } from '../../dates/partial-date';
import { Field, describedBy, inputClass } from '../../ui/field';
import { Button } from '../../ui/button';
import { Alert, Badge, EmptyState } from '../../ui/feedback';
import { PartialDateField } from '../../ui/partial-date-field';
import { useActionSubmit } from '../../ui/use-action-form';
import type { ActionResult } from '../../errors';
import type { EventType, Visibility } from '../../db/generated/enums';

const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.groupEventFormSchema));

export type GroupEventItem = {
  id: string;
  type: EventType;
  occurredOn: string;
  datePrecision: DatePrecision;
  title: string;
  details: string | null;
  visibility: Visibility;
  version: number;
  addedBy: string;
};
type FormOut = z.output<typeof groupEventFormSchema>;

/** The group's events: each appears once on every linked case's timeline, and is changed here only. */
export function GroupEvents({
  groupActionId,
  events,
  canManage,
  linkedCases,
}: {
  groupActionId: string;
  events: GroupEventItem[];
  canManage: boolean;
  linkedCases: number;
}) {
  const router = useRouter();
  const [adding, setAdding] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (m: string) => {
    setSaved(m);
    setAdding(false);
    router.refresh();
  };
  return (
    <section aria-labelledby="group-events-heading">
      <div className="flex flex-wrap items-center justify-between gap-3 mb-2">
        <h2 id="group-events-heading" className="text-2xl font-bold">
          What happened to the group
        </h2>
        {canManage && !adding && (
          <Button
            onClick={() => {
              setAdding(true);
              setSaved(null);
            }}
          >
            Add an event
          </Button>
        )}
      </div>
      {canManage && (
        <p className="mb-3 text-stone-700">
          An event added here (a letter from the party, a hearing) appears once on the timeline of every linked case
          {linkedCases ? ` (${linkedCases} now)` : ''}, and changes there when you change it here.
        </p>
      )}
      {saved && <Alert kind="success">{saved}</Alert>}
      {adding && (
        <div className="mb-4">
          <GroupEventForm
            idPrefix="new-group-event"
            submitLabel="Add to every linked case"
            onSubmit={(v) => addGroupEventAction({ groupActionId, ...v })}
            onDone={() => done('Added, and copied to every linked case.')}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      {events.length === 0 ? (
        <EmptyState title="No events yet">
          <p>
            {canManage
              ? 'Add the letters and hearings that went to the whole group.'
              : 'A coordinator adds the letters and hearings that went to the whole group.'}
          </p>
        </EmptyState>
      ) : (
        <ol className="grid gap-3">
          {events.map((e) => (
            <GroupEventEntry key={e.id} e={e} canManage={canManage} onSaved={done} />
          ))}
        </ol>
      )}
    </section>
  );
}

function GroupEventEntry({
  e,
  canManage,
  onSaved,
}: {
  e: GroupEventItem;
  canManage: boolean;
  onSaved: (m: string) => void;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const date = new Date(e.occurredOn);
  return (
    <li
      className={`rounded-lg border p-4 ${e.visibility === 'CASEWORKERS' ? 'bg-amber-50 border-amber-700' : 'bg-white border-stone-300'}`}
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <time dateTime={e.occurredOn.slice(0, 10)} className="font-bold">
          {formatPartialDate(date, e.datePrecision)}
        </time>
        <Badge>{EVENT_TYPE_LABELS[e.type]}</Badge>
        {e.visibility === 'CASEWORKERS' && <Badge tone="warning">Caseworkers only</Badge>}
      </div>
      <p className="font-semibold mt-1">{e.title}</p>
      {e.details && <p className="whitespace-pre-wrap mt-1">{e.details}</p>}
      <p className="text-sm text-stone-600 mt-1">Added by {e.addedBy}</p>
      {error && <Alert>{error}</Alert>}
      {canManage && !editing && (
        <div className="flex gap-3 mt-2">
          <Button
            variant="secondary"
            onClick={() => {
              setEditing(true);
              setConflict(false);
            }}
            aria-label={`Edit “${e.title}”`}
          >
            Edit
          </Button>
          <Button
            variant="secondary"
            aria-label={`Delete “${e.title}”`}
            onClick={async () => {
              if (!window.confirm(`Delete “${e.title}”? It will be removed from every linked case’s timeline.`)) return;
              const res = await deleteGroupEventAction({ groupEventId: e.id, version: e.version });
              if (res.ok) onSaved('Deleted from the group action and every linked case.');
              else {
                setError(res.error);
                router.refresh();
              }
            }}
          >
            Delete
          </Button>
        </div>
      )}
      {editing && (
        <div className="mt-3">
          {conflict && (
            <Alert kind="info" title="The latest saved version is shown above">
              Compare it with your text below. Saving again will replace it with your version.
            </Alert>
          )}
          <GroupEventForm
            idPrefix={`edit-${e.id}`}
            submitLabel="Save changes"
            defaults={{
              type: e.type,
              title: e.title,
              details: e.details ?? '',
              caseworkersOnly: e.visibility === 'CASEWORKERS',
              date: fromStored(date, e.datePrecision) as never,
            }}
            onSubmit={(v) => updateGroupEventAction({ groupEventId: e.id, version: e.version, ...v })}
            onConflict={() => {
              setConflict(true);
              router.refresh();
            }}
            onDone={() => {
              setEditing(false);
              onSaved('Changes saved, here and on every linked case.');
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}
    </li>
  );
}

function GroupEventForm(props: {
  idPrefix: string;
  submitLabel: string;
  defaults?: Partial<GroupEventFieldsInput>;
  onSubmit: (v: FormOut) => Promise<ActionResult<unknown>>;
  onDone: () => void;
  onCancel: () => void;
  onConflict?: () => void;
}) {
  const form = useForm<GroupEventFieldsInput, unknown, FormOut>({
    resolver,
    defaultValues: { title: '', details: '', caseworkersOnly: false, ...props.defaults },
  });
  const { submit, formError, pending } = useActionSubmit(
    form as never,
    async (v: FormOut) => {
      const res = await props.onSubmit(v);
      if (!res.ok && res.code === 'conflict') props.onConflict?.();
      return res;
    },
    () => props.onDone(),
  );
  const e = form.formState.errors;
  const id = (n: string) => `${props.idPrefix}-${n}`;
  return (
    <form method="post" onSubmit={submit} noValidate className="bg-white rounded-lg border border-stone-300 p-4">
      {formError && <Alert title="Not saved">{formError}</Alert>}
      <Field id={id('type')} label="What kind of event?" error={e.type?.message}>
        <select
          id={id('type')}
          className={inputClass(e.type)}
          aria-invalid={!!e.type}
          aria-describedby={describedBy(id('type'), false, e.type)}
          {...form.register('type')}
        >
          <option value="">Choose…</option>
          {Object.entries(EVENT_TYPE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
      <PartialDateField form={form} name="date" legend="When?" />
      <Field
        id={id('title')}
        label="Short title"
        hint="For example: “Letter to all members of both branches”."
        error={e.title?.message}
      >
        <input
          id={id('title')}
          className={inputClass(e.title)}
          aria-invalid={!!e.title}
          aria-describedby={describedBy(id('title'), true, e.title)}
          {...form.register('title')}
        />
      </Field>
      <Field id={id('details')} label="Details" optional error={e.details?.message}>
        <textarea id={id('details')} rows={3} className={inputClass(e.details)} {...form.register('details')} />
      </Field>
      <label className="flex items-start gap-3 mb-5 cursor-pointer">
        <input type="checkbox" className="size-6 mt-1" {...form.register('caseworkersOnly')} />
        <span>
          <strong>Caseworkers only.</strong> No member will see this event on their case.
        </span>
      </label>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : props.submitLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={props.onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

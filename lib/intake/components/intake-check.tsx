'use client';

import type { ReactNode } from 'react';
import { sanctionStepSchema, type IntakeInput } from '../schemas';
import { INTAKE_STEPS } from '../steps';
import { BODY_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, WANTS_LABELS } from '../../cases/labels';
import { formatPartialDate, toEarliestDay } from '../../dates/partial-date';
import { Button } from '../../ui/button';

type Option = { id: string; name: string };
type Props = { values: Partial<IntakeInput>; regions: Option[]; branches: Option[]; onChange: (step: number) => void };

const NOT_GIVEN = 'Not given';
const label = <K extends string>(labels: Record<K, string>, key: unknown) =>
  typeof key === 'string' && key in labels ? labels[key as K] : NOT_GIVEN;
const nameOf = (options: Option[], id: unknown) => options.find((o) => o.id === id)?.name ?? NOT_GIVEN;
const list = (items: unknown) => (Array.isArray(items) && items.length ? items.map(String) : null);

/** The date as it will be stored and shown on the case ("14 Feb 2022", "Mar 2021", "c. 2019"), or nothing while it is incomplete. */
function describeDate(value: unknown): string {
  const parsed = sanctionStepSchema.shape.imposedOn.safeParse(value);
  return parsed.success ? formatPartialDate(toEarliestDay(parsed.data), parsed.data.precision) : NOT_GIVEN;
}

/**
 * "Check and send": every answer that will be sent, step by step, each with a way back to change it.
 * Long words (a membership number, the letter's wording) wrap rather than run off a phone's screen.
 */
export function IntakeCheck({ values, regions, branches, onChange }: Props) {
  const roles = list(values.rolesHeld);
  const wants = list(values.wants)?.map((w) => label(WANTS_LABELS, w));
  const sections: { step: number; rows: [string, ReactNode][] }[] = [
    {
      step: 0,
      rows: [
        ['Name', values.fullName || NOT_GIVEN],
        ['Membership number', values.membershipNumber || NOT_GIVEN],
        ['Phone', values.phone || NOT_GIVEN],
      ],
    },
    {
      step: 1,
      rows: [
        ['Region', nameOf(regions, values.regionId)],
        ['Local branch', nameOf(branches, values.branchId)],
        ['Roles you held', roles ? roles.join(', ') : 'None'],
      ],
    },
    {
      step: 2,
      rows: [
        ['What was done to you', label(SANCTION_TYPE_LABELS, values.sanctionType)],
        ['When it happened', describeDate(values.imposedOn)],
        ['Who did it', label(BODY_LABELS, values.imposedBy)],
        ['The reason they gave', label(REASON_LABELS, values.reasonCategory)],
        ['Their exact words', values.reasonText || NOT_GIVEN],
      ],
    },
    {
      step: 3,
      rows: [
        ['What you want', wants ? wants.join(', ') : NOT_GIVEN],
        ['Anything else', values.summary || NOT_GIVEN],
      ],
    },
  ];
  return (
    <div className="mb-6">
      <p className="mb-4">This is everything that will be sent. Check it, and change anything that is wrong.</p>
      {sections.map(({ step, rows }) => {
        const title = INTAKE_STEPS[step]!.title;
        return (
          <section
            key={step}
            aria-labelledby={`check-${step}`}
            className="bg-white rounded-lg border border-stone-300 p-4 mb-4"
          >
            <div className="flex flex-wrap items-center justify-between gap-2 mb-2">
              <h3 id={`check-${step}`} className="text-xl font-bold">
                {title}
              </h3>
              <Button type="button" variant="secondary" onClick={() => onChange(step)}>
                Change<span className="sr-only"> {title.toLowerCase()}</span>
              </Button>
            </div>
            <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]">
              {rows.map(([term, value]) => (
                <div key={term} className="contents">
                  <dt className="font-semibold mt-2 sm:mt-0">{term}</dt>
                  <dd
                    className={`whitespace-pre-wrap break-words min-w-0 ${value === NOT_GIVEN ? 'text-stone-600' : ''}`}
                  >
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
    </div>
  );
}

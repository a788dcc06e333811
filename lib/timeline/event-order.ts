// The one order of a case's timeline entries, used wherever entries are listed (the timeline, the
// bundle's chronology, the review PDF, deadlines): by the earliest possible day, then the order a
// caseworker set by hand among entries on that day (`position`), then when each was added, then id
// (so two entries added in the same millisecond still come out the same way every time).

import type { Prisma } from '../db/generated/client';

type Order = Prisma.TimelineEventOrderByWithRelationInput[];

export const EVENT_ORDER: Order = [{ occurredOn: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }];

/** Latest first: the same order, reversed (for "the latest SAR", "the latest decision"). */
export const EVENT_ORDER_LATEST_FIRST: Order = [
  { occurredOn: 'desc' },
  { position: 'desc' },
  { createdAt: 'desc' },
  { id: 'desc' },
];

/** Entries on the same earliest day can be put in order by hand ("March 2021" and "1 March 2021" share a day). */
export const sameDay = (a: { occurredOn: string | Date }, b: { occurredOn: string | Date }): boolean =>
  new Date(a.occurredOn).toISOString().slice(0, 10) === new Date(b.occurredOn).toISOString().slice(0, 10);

import Link from '@/lib/ui/link';
import { BODY_LABELS, GROUP_MEASURE_LABELS, SANCTION_TYPE_LABELS } from '../../cases/labels';
import { formatPartialDate } from '../../dates/partial-date';
import { Badge } from '../../ui/feedback';
import type { CaseGroupAction } from '../group-action-services';

/**
 * On a case: the group actions it is part of, with the facts every linked member may read. Never the other
 * members, their cases, or how many there are. Staff get a link to the group action itself.
 */
export function CaseGroupActions({ groups, staff }: { groups: CaseGroupAction[]; staff: boolean }) {
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="case-groups-heading">
      <h3 id="case-groups-heading" className="text-xl font-bold mb-2">
        Action against the whole branch or group
      </h3>
      <ul className="grid gap-3">
        {groups.map((g) => (
          <li key={g.id} className="bg-white rounded-lg border border-stone-300 p-4">
            <p className="text-sm text-stone-700">
              {staff ? <Link href={`/groups/${g.reference}`}>{g.reference}</Link> : g.reference}
            </p>
            <h4 className="font-semibold text-lg">{g.title}</h4>
            <p>
              {SANCTION_TYPE_LABELS[g.sanctionType]}, {formatPartialDate(g.imposedOn, g.imposedPrecision)}
              {g.imposedBy ? ` by ${BODY_LABELS[g.imposedBy]}` : ''}
            </p>
            {g.branches.length > 0 && <p>Branches: {g.branches.join(', ')}</p>}
            {g.measures.length > 0 && (
              <p className="mt-1 flex flex-wrap gap-2">
                {g.measures.map((m) => (
                  <Badge key={m}>{GROUP_MEASURE_LABELS[m]}</Badge>
                ))}
              </p>
            )}
            {g.summary && <p className="mt-2 whitespace-pre-wrap">{g.summary}</p>}
            <p className="text-sm text-stone-700 mt-2">
              Letters and hearings for the whole group show on the timeline, marked with this reference.
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { formatTimestamp } from '../../dates/partial-date';
import type { getCaseActivity } from '../../cases/get-case-activity';

const ROLE_WORDS = { MEMBER: 'member', CASEWORKER: 'caseworker', COORDINATOR: 'coordinator' } as const;

export function ActivityTable({ activity, showIp }: { activity: Awaited<ReturnType<typeof getCaseActivity>>; showIp: boolean }) {
  return (
    <section aria-labelledby="activity-heading">
      <h2 id="activity-heading" className="text-2xl font-bold mb-2">Activity</h2>
      <p className="mb-4 text-stone-700">Everyone who opened or changed this case, newest first ({activity.total.toLocaleString('en-GB')} in all). Only the names of changed fields are recorded, never their contents.</p>
      <div className="overflow-x-auto">
        <table className="w-full bg-white border border-stone-300 text-left">
          <caption className="sr-only">Case activity</caption>
          <thead className="bg-stone-100">
            <tr><th scope="col" className="p-2">When</th><th scope="col" className="p-2">Who</th><th scope="col" className="p-2">What</th>{showIp && <th scope="col" className="p-2">Fields</th>}{showIp && <th scope="col" className="p-2">From</th>}</tr>
          </thead>
          <tbody>
            {activity.rows.map((r) => (
              <tr key={r.id} className="border-t border-stone-200">
                <td className="p-2 whitespace-nowrap">{formatTimestamp(r.createdAt)}</td>
                <td className="p-2">{r.actor ? `${r.actor.name} (${ROLE_WORDS[r.actor.role]})` : 'System'}</td>
                <td className="p-2">{r.what}</td>
                {showIp && <td className="p-2 text-sm">{'fields' in r ? r.fields.join(', ') : ''}</td>}
                {showIp && <td className="p-2 text-sm">{'ip' in r ? (r.ip ?? '') : ''}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { listOwnAccessResponses } from '../release';
import { formatUkDate } from '../../deadlines/working-days';
import type { Actor } from '../../auth/policy';

/** The person's released responses to subject access requests they made to the network (Account page). */
export async function OwnAccessResponses({ user }: { user: Actor }) {
  const responses = await listOwnAccessResponses(user);
  if (!responses.length) return null;
  return (
    <section aria-labelledby="sar-responses-heading" className="mb-8">
      <h2 id="sar-responses-heading" className="text-xl font-bold mb-2">
        Your subject access requests to us
      </h2>
      <ul className="grid gap-2">
        {responses.map((r) => (
          <li key={r.id}>
            Request received {formatUkDate(r.receivedOn)}, answered {formatUkDate(r.releasedOn)}:{' '}
            <a href={`/api/access-requests/${r.id}/pdf`} download>
              download our response (PDF)
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

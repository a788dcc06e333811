import { canRequestErasure, type Actor } from '../../auth/policy';
import { formatTimestamp } from '../../dates/partial-date';
import { getOwnErasureRequest } from '../find-erasure-requests';
import { ErasurePanel } from './erasure-panel';

/** The Account page's "Erase my data" section (members only): loads the member's latest request. */
export async function ErasureSection({ user }: { user: Actor }) {
  if (!canRequestErasure(user)) return null;
  const request = await getOwnErasureRequest(user);
  return (
    <section aria-labelledby="erasure-heading" className="mt-8">
      <h2 id="erasure-heading" className="text-xl font-bold mb-2">
        Erase my data
      </h2>
      <ErasurePanel
        request={
          request
            ? {
                status: request.status,
                askedOn: formatTimestamp(request.createdAt),
                decidedOn: request.decidedAt ? formatTimestamp(request.decidedAt) : null,
                reason: request.reason,
              }
            : null
        }
      />
    </section>
  );
}

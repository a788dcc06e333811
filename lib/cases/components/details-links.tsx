import Link from '@/lib/ui/link';
import { secondaryLinkButtonClass } from '../../ui/button';

/** On the Details tab: edit the member's and the case's details; for staff, invite a member not yet on an account to claim the case. */
export function DetailsLinks({ reference, canInvite }: { reference: string; canInvite: boolean }) {
  return (
    <div className="flex flex-wrap gap-3">
      <Link href={`/cases/${reference}/edit`} className={secondaryLinkButtonClass}>
        Edit details
      </Link>
      {canInvite && (
        <Link href={`/cases/${reference}/claim`} className={secondaryLinkButtonClass}>
          Invite the member to claim this case
        </Link>
      )}
    </div>
  );
}

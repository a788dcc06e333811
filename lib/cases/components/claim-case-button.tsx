'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { claimCaseAction } from '../details-actions';
import { Button } from '../../ui/button';
import { Alert } from '../../ui/feedback';
import { forgetPendingClaim } from './pending-claim';

/** The member confirms: the case is added to their account, and they are taken to it. */
export function ClaimCaseButton({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <div>
      {error && <Alert title="The case was not added">{error}</Alert>}
      <Button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          setError(null);
          const res = await claimCaseAction({ token }).catch(() => null);
          if (res?.ok) {
            forgetPendingClaim();
            router.push(`/cases/${res.data.reference}?claimed=1`);
            router.refresh();
            return;
          }
          setPending(false);
          setError(res ? res.error : 'We could not reach the server. Check your connection and try again.');
        }}
      >
        {pending ? 'Adding the case…' : 'Add this case to my account'}
      </Button>
    </div>
  );
}

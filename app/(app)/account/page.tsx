import type { Metadata } from 'next';
import Link from '@/lib/ui/link';
import { requirePageUser } from '@/lib/auth/require-user';
import { SignOutEverywhereButton } from '@/lib/users/components/team-forms';
import { PageHeader } from '@/lib/ui/feedback';
import { getTwoStepStatus } from '@/lib/auth/two-step-services';
import { formatTimestamp } from '@/lib/dates/partial-date';
import { getReminderSettings } from '@/lib/reminders/preferences';
import { ReminderSettings } from '@/lib/reminders/components/reminder-settings';
import { getCalendarFeedStatus } from '@/lib/calendar/tokens';
import { CalendarFeedPanel } from '@/lib/calendar/components/calendar-feed-panel';
import { ErasureSection } from '@/lib/erasure/components/erasure-section';
import { MemberExportSection } from '@/lib/member-export/components/member-export-section';
import { OwnAccessResponses } from '@/lib/access-requests/components/own-responses';

export const metadata: Metadata = { title: 'Your account' };

export default async function AccountPage() {
  const { user } = await requirePageUser();
  const role = { MEMBER: 'Member', CASEWORKER: 'Caseworker', COORDINATOR: 'Coordinator' }[user.role];
  const audience = ({ MEMBER: 'member', CASEWORKER: 'caseworker', COORDINATOR: 'coordinator' } as const)[user.role];
  const [reminders, feed, twoStep] = await Promise.all([
    getReminderSettings(user),
    getCalendarFeedStatus(user),
    getTwoStepStatus(user),
  ]);
  const ways = [
    twoStep.totpSince ? 'an authenticator app' : null,
    twoStep.passkeys.length ? `${twoStep.passkeys.length} passkey${twoStep.passkeys.length === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  return (
    <div className="max-w-xl">
      <PageHeader title="Your account" />
      <dl className="bg-white rounded-lg border border-stone-300 p-4 grid gap-2 grid-cols-[8rem_1fr] mb-6">
        <dt className="font-semibold">Name</dt>
        <dd>{user.name}</dd>
        <dt className="font-semibold">Email</dt>
        <dd className="min-w-0 [overflow-wrap:anywhere]">{user.email}</dd>
        <dt className="font-semibold">Role</dt>
        <dd>{role}</dd>
      </dl>
      <h2 className="text-xl font-bold mb-2">Two-step sign-in</h2>
      <p className="mb-2">
        {ways.length
          ? `On: you sign in with your password and ${ways.join(' or ')}.`
          : twoStep.required
            ? 'Not set up yet. It is required for your role.'
            : 'Off. Turn it on so that your password alone is not enough to open your account.'}
      </p>
      <p className="mb-6">
        <Link href="/account/two-step" className="font-semibold">
          {ways.length ? 'Manage two-step sign-in' : 'Set up two-step sign-in'}
        </Link>
      </p>
      <h2 className="text-xl font-bold mb-2">Reminder emails</h2>
      <ReminderSettings enabled={reminders.enabled} audience={audience} />
      <h2 className="text-xl font-bold mb-2">Deadlines in your calendar</h2>
      <CalendarFeedPanel
        active={
          feed
            ? {
                createdAt: formatTimestamp(feed.createdAt),
                lastUsedAt: feed.lastUsedAt ? formatTimestamp(feed.lastUsedAt) : null,
              }
            : null
        }
      />
      <MemberExportSection user={user} />
      <OwnAccessResponses user={user} />
      <h2 className="text-xl font-bold mb-2">Lost a phone or used a shared computer?</h2>
      <p className="mb-3">
        This signs you out everywhere, including here. You will need your password to sign in again.
      </p>
      <SignOutEverywhereButton />
      <ErasureSection user={user} />
    </div>
  );
}

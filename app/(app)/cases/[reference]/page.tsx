import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { listCaseworkers } from '@/lib/cases/assign-caseworker';
import { canAssign, canChangeCaseStatus, canDeleteEvent, canEditEvent, canManageDeadlines, canMarkCaseworkersOnly, canWriteLetters, isCaseSubject, isStaff } from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';
import { CaseDetails, CaseHeader } from '@/lib/cases/components/case-summary';
import { CaseTabs } from '@/lib/cases/components/case-tabs';
import { AssignmentPanel, CaseStatusForm, ConsentPanel } from '@/lib/cases/components/case-panels';
import { Timeline, type TimelineItem } from '@/lib/timeline/components/timeline';
import { ActivityTable } from '@/lib/audit/components/activity-table';
import { Alert } from '@/lib/ui/feedback';
import { DeadlineBanner } from '@/lib/deadlines/components/deadline-banner';
import { DeadlineSettingsPanel } from '@/lib/deadlines/components/deadline-settings-panel';
import { BundleTab } from '@/lib/bundle/components/bundle-tab';
import { ReviewTab } from '@/lib/bundle/components/review-tab';
import { listBundles } from '@/lib/bundle/bundle-services';
import { LettersTab } from '@/lib/letters/components/letters-tab';
import { EvidenceTab } from '@/lib/evidence/components/evidence-tab';
import { listEvidence } from '@/lib/evidence/evidence-services';
import { getEnv } from '@/lib/env';
import { parsePageNumber } from '@/lib/http/page-number';

export const metadata: Metadata = { title: 'Case' };

const TABS = [{ id: 'timeline', label: 'Timeline' }, { id: 'evidence', label: 'Evidence' }, { id: 'letters', label: 'Letters' }, { id: 'bundle', label: 'Bundle' }, { id: 'review', label: 'Review' }, { id: 'details', label: 'Details' }, { id: 'activity', label: 'Activity' }] as const;

export default async function CasePage({ params, searchParams }: { params: Promise<{ reference: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageUser();
  const { user } = ctx;
  const { reference } = await params;
  const sp = await searchParams;
  const tab = TABS.find((t) => t.id === sp.tab)?.id ?? 'timeline';

  // Scoped load + audited view: not-yours and not-found both end here as a 404.
  const kase = await getCaseForViewer(user, reference, ctx, tab).catch((err) => {
    if (err instanceof NotFoundError) notFound();
    throw err;
  });

  const staff = isStaff(user);
  const items: TimelineItem[] = kase.events.map((e) => ({
    id: e.id, type: e.type, occurredOn: e.occurredOn.toISOString(), datePrecision: e.datePrecision, title: e.title, details: e.details,
    visibility: e.visibility, privileged: e.privileged, withoutPrejudice: e.withoutPrejudice, version: e.version, windowDays: e.windowDays, receivedOn: e.receivedOn ? e.receivedOn.toISOString().slice(0, 10) : null, decisionOutcome: e.decisionOutcome,
    addedBy: e.createdBy.role === 'MEMBER' ? e.createdBy.name : `${e.createdBy.name} (${e.createdBy.role === 'CASEWORKER' ? 'caseworker' : 'coordinator'})`,
    canEdit: canEditEvent(user, e), canDelete: canDeleteEvent(user),
    evidence: e.evidence.map((l) => l.evidence), letterId: e.letter?.id ?? null,
  }));

  return (
    <>
      <p className="mb-3"><Link href="/cases">← {user.role === 'MEMBER' ? 'Your cases' : 'Back to cases'}</Link></p>
      {sp.created && <Alert kind="success" title="Your case has been sent">A coordinator will assign a caseworker to help you. You can keep adding to your timeline at any time.</Alert>}
      <CaseHeader kase={kase} />
      <DeadlineBanner kase={kase} canManage={canManageDeadlines(user)} canDraft={canWriteLetters(user)} />
      <CaseTabs reference={kase.reference} tabs={TABS} current={tab} />

      {tab === 'timeline' && <Timeline caseId={kase.id} items={items} canMarkCaseworkersOnly={canMarkCaseworkersOnly(user)} />}

      {tab === 'evidence' && (
        <EvidenceTab actor={user} reference={kase.reference} caseId={kase.id} items={await listEvidence(user, kase.id)} events={kase.events} maxMb={getEnv().EVIDENCE_MAX_MB} />
      )}

      {tab === 'letters' && <LettersTab kase={kase} canWrite={canWriteLetters(user)} savedId={sp.saved} />}

      {tab === 'bundle' && <BundleTab reference={kase.reference} bundles={await listBundles(user, kase.id)} started={sp.started} />}

      {tab === 'review' && <ReviewTab actor={user} caseId={kase.id} />}

      {tab === 'details' && (
        <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
          <CaseDetails kase={kase} />
          <div className="grid gap-8 content-start">
            {canChangeCaseStatus(user) && (
              <section aria-labelledby="status-heading"><h2 id="status-heading" className="text-xl font-bold mb-2">Status</h2>
                <CaseStatusForm caseId={kase.id} version={kase.version} status={kase.status} appealStatus={kase.appealStatus} /></section>
            )}
            {canManageDeadlines(user) && (
              <section aria-labelledby="deadline-settings-heading"><h2 id="deadline-settings-heading" className="text-xl font-bold mb-2">Deadline settings</h2>
                <DeadlineSettingsPanel caseId={kase.id} jurisdiction={kase.jurisdiction} appealWindowDays={kase.appealWindowDays} /></section>
            )}
            <section aria-labelledby="team-heading"><h2 id="team-heading" className="text-xl font-bold mb-2">Caseworkers</h2>
              {canAssign(user)
                ? <AssignmentPanel caseId={kase.id} assignments={kase.assignments} caseworkers={await listCaseworkers()} />
                : <p>{kase.assignments.length ? kase.assignments.map((a) => a.caseworker.name).join(', ') : 'No caseworker is assigned yet.'}</p>}
            </section>
            {isCaseSubject(user, kase) && (
              <section aria-labelledby="consent-heading"><h2 id="consent-heading" className="text-xl font-bold mb-2">Your agreement</h2>
                <ConsentPanel caseId={kase.id} consented={!kase.consentWithdrawnAt && !!kase.consentGivenAt} /></section>
            )}
          </div>
        </div>
      )}

      {tab === 'activity' && <ActivityTable activity={await getCaseActivity(user, kase.id, parsePageNumber(sp.page))} showIp={staff} />}
    </>
  );
}

import Link from '@/lib/ui/link';
import { Arrow } from '@/lib/ui/arrow';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { listCaseworkers } from '@/lib/cases/assign-caseworker';
import {
  canAssign,
  canChangeCaseStage,
  canDeleteEvent,
  canEditEvent,
  canManageDeadlines,
  canMarkCaseworkersOnly,
  canOrderEvents,
  canSeeStageHistory,
  canWriteLetters,
  isCaseSubject,
  isStaff,
} from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';
import { CaseDetails, CaseHeader } from '@/lib/cases/components/case-summary';
import { DetailsLinks } from '@/lib/cases/components/details-links';
import { canOpenCaseForMember } from '@/lib/auth/policy';
import { CaseTabs } from '@/lib/cases/components/case-tabs';
import { AssignmentPanel, CaseStageForm, ConsentPanel } from '@/lib/cases/components/case-panels';
import { StageHistory } from '@/lib/cases/components/stage-history';
import { listStageChanges } from '@/lib/cases/list-stage-changes';
import { suggestOutcome } from '@/lib/cases/suggest-outcome';
import { Timeline, type TimelineItem } from '@/lib/timeline/components/timeline';
import { ActivityTable } from '@/lib/audit/components/activity-table';
import { Alert } from '@/lib/ui/feedback';
import { DeadlineBanner } from '@/lib/deadlines/components/deadline-banner';
import { DeadlineSettingsPanel } from '@/lib/deadlines/components/deadline-settings-panel';
import { BundleTab } from '@/lib/bundle/components/bundle-tab';
import { ReviewTab } from '@/lib/bundle/components/review-tab';
import { listBundles } from '@/lib/bundle/bundle-services';
import { LettersTab } from '@/lib/letters/components/letters-tab';
import { listLetterDrafts } from '@/lib/letters/letter-drafts';
import { EvidenceTab } from '@/lib/evidence/components/evidence-tab';
import { listEvidence } from '@/lib/evidence/evidence-services';
import { getEnv } from '@/lib/env';
import { parsePageNumber } from '@/lib/http/page-number';
import { listSanctions } from '@/lib/sanctions/sanction-services';
import { SanctionsPanel } from '@/lib/sanctions/components/sanctions-panel';
import { listCaseLinks } from '@/lib/case-links/case-link-services';
import { CaseLinksPanel } from '@/lib/case-links/components/case-links-panel';
import { canAddSanction, canEditSanction, canLinkCases } from '@/lib/auth/policy';
import { listCaseGroupActions } from '@/lib/group-actions/group-action-services';
import { CaseGroupActions } from '@/lib/group-actions/components/group-facts';
import { listCaseBranches } from '@/lib/case-branches/case-branch-services';
import { CaseBranchesPanel } from '@/lib/case-branches/components/case-branches-panel';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { canEditCaseBranches } from '@/lib/auth/policy';

export const metadata: Metadata = { title: 'Case' };

const TABS = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'evidence', label: 'Evidence' },
  { id: 'letters', label: 'Letters' },
  { id: 'bundle', label: 'Bundle' },
  { id: 'review', label: 'Review' },
  { id: 'details', label: 'Details' },
  { id: 'activity', label: 'Activity' },
] as const;

export default async function CasePage({
  params,
  searchParams,
}: {
  params: Promise<{ reference: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
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
  // Copies of a group action's events (read with the case): shown with their source, changed on the group action only.
  const sourceOf = (e: (typeof kase.events)[number]) => {
    const src = e.groupEvent?.groupAction;
    return src ? { ...src, href: staff ? `/groups/${src.reference}` : null } : null;
  };
  const items: TimelineItem[] = kase.events.map((e) => ({
    id: e.id,
    type: e.type,
    occurredOn: e.occurredOn.toISOString(),
    datePrecision: e.datePrecision,
    title: e.title,
    details: e.details,
    visibility: e.visibility,
    privileged: e.privileged,
    withoutPrejudice: e.withoutPrejudice,
    version: e.version,
    windowDays: e.windowDays,
    receivedOn: e.receivedOn ? e.receivedOn.toISOString().slice(0, 10) : null,
    decisionOutcome: e.decisionOutcome,
    addedBy:
      e.createdBy.role === 'MEMBER'
        ? e.createdBy.name
        : `${e.createdBy.name} (${e.createdBy.role === 'CASEWORKER' ? 'caseworker' : 'coordinator'})`,
    canEdit: !e.groupEvent && canEditEvent(user, e),
    canDelete: !e.groupEvent && canDeleteEvent(user),
    source: sourceOf(e),
    evidence: e.evidence.map((l) => l.evidence),
    letterId: e.letter?.id ?? null,
  }));

  // Staff only: the history's reasons are theirs (docs/decisions/0015).
  const stageChanges = tab === 'details' && canSeeStageHistory(user) ? await listStageChanges(user, kase.id) : null;

  return (
    <>
      <p className="mb-3">
        <Link href="/cases">
          <Arrow to="back" />
          {user.role === 'MEMBER' ? 'Your cases' : 'Back to cases'}
        </Link>
      </p>
      {sp.claimed && (
        <Alert kind="success" title="The case is on your account">
          You can see it here whenever you sign in, and add to it.
        </Alert>
      )}
      {sp.created && (
        <Alert kind="success" title="Your case has been sent">
          A coordinator will assign a caseworker to help you. You can keep adding to your timeline at any time.
        </Alert>
      )}
      <CaseHeader kase={kase} />
      <DeadlineBanner kase={kase} canManage={canManageDeadlines(user)} canDraft={canWriteLetters(user)} />
      <CaseTabs reference={kase.reference} tabs={TABS} current={tab} />

      {tab === 'timeline' && (
        <Timeline
          caseId={kase.id}
          items={items}
          canMarkCaseworkersOnly={canMarkCaseworkersOnly(user)}
          canReorder={canOrderEvents(user)}
        />
      )}

      {tab === 'evidence' && (
        <EvidenceTab
          actor={user}
          reference={kase.reference}
          caseId={kase.id}
          items={await listEvidence(user, kase.id)}
          events={kase.events}
          maxMb={getEnv().EVIDENCE_MAX_MB}
        />
      )}

      {tab === 'letters' && (
        <LettersTab
          kase={kase}
          canWrite={canWriteLetters(user)}
          savedId={sp.saved}
          drafts={await listLetterDrafts(user, kase.id)}
        />
      )}

      {tab === 'bundle' && (
        <BundleTab reference={kase.reference} bundles={await listBundles(user, kase.id)} started={sp.started} />
      )}

      {tab === 'review' && <ReviewTab actor={user} caseId={kase.id} />}

      {tab === 'details' && (
        <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
          <div className="grid gap-8 content-start">
            <SanctionsPanel
              caseId={kase.id}
              canAdd={canAddSanction(user)}
              canEdit={canEditSanction(user)}
              sanctions={(await listSanctions(user, kase.id)).map((s) => ({
                ...s,
                imposedOn: s.imposedOn?.toISOString() ?? null,
                endedOn: s.endedOn?.toISOString() ?? null,
              }))}
            />
            <DetailsLinks reference={kase.reference} canInvite={canOpenCaseForMember(user) && !kase.person.userId} />
            <CaseDetails kase={kase} />
            <CaseGroupActions groups={await listCaseGroupActions(user, kase.id)} staff={staff} />
            <CaseLinksPanel caseId={kase.id} canLink={canLinkCases(user)} links={await listCaseLinks(user, kase.id)} />
            {canEditCaseBranches(user) && (
              <CaseBranchesPanel
                caseId={kase.id}
                rows={await listCaseBranches(user, kase.id)}
                branches={(await findFilterOptions(false)).branches}
              />
            )}
          </div>
          <div className="grid gap-8 content-start">
            {canChangeCaseStage(user) && (
              <section aria-labelledby="stage-heading">
                <h2 id="stage-heading" className="text-xl font-bold mb-2">
                  Stage and outcome
                </h2>
                <CaseStageForm
                  caseId={kase.id}
                  version={kase.version}
                  stage={kase.stage}
                  outcome={kase.outcome}
                  appealStatus={kase.appealStatus}
                  suggestion={stageChanges && suggestOutcome(kase.events, kase, stageChanges[0]?.createdAt ?? null)}
                />
              </section>
            )}
            {stageChanges && (
              <section aria-labelledby="stage-history-heading">
                <h2 id="stage-history-heading" className="text-xl font-bold mb-2">
                  History of stage and outcome
                </h2>
                <StageHistory changes={stageChanges} />
              </section>
            )}
            {canManageDeadlines(user) && (
              <section aria-labelledby="deadline-settings-heading">
                <h2 id="deadline-settings-heading" className="text-xl font-bold mb-2">
                  Deadline settings
                </h2>
                <DeadlineSettingsPanel
                  caseId={kase.id}
                  jurisdiction={kase.jurisdiction}
                  appealWindowDays={kase.appealWindowDays}
                />
              </section>
            )}
            <section aria-labelledby="team-heading">
              <h2 id="team-heading" className="text-xl font-bold mb-2">
                Caseworkers
              </h2>
              {canAssign(user) ? (
                <AssignmentPanel
                  caseId={kase.id}
                  assignments={kase.assignments}
                  caseworkers={await listCaseworkers()}
                />
              ) : (
                <p>
                  {kase.assignments.length
                    ? kase.assignments.map((a) => a.caseworker.name).join(', ')
                    : 'No caseworker is assigned yet.'}
                </p>
              )}
            </section>
            {isCaseSubject(user, kase) && (
              <section aria-labelledby="consent-heading">
                <h2 id="consent-heading" className="text-xl font-bold mb-2">
                  Your agreement
                </h2>
                <ConsentPanel caseId={kase.id} consented={!kase.consentWithdrawnAt && !!kase.consentGivenAt} />
              </section>
            )}
          </div>
        </div>
      )}

      {tab === 'activity' && (
        <ActivityTable activity={await getCaseActivity(user, kase.id, parsePageNumber(sp.page))} showIp={staff} />
      )}
    </>
  );
}

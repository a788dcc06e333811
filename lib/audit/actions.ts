// Every action the audit log records, with the words a person reads in the Activity tab and who may
// read the row there. writeAudit() only takes names listed here (the type enforces it), so a new action
// cannot reach anyone's Activity tab as a raw name like "bundle.download", and a row nobody classified
// is never shown to a member.
//
// Who sees a row of a case (decided here, applied by lib/auth/audience.ts):
// - 'case':  the member too (who opened the case, consent, assignments, stage and outcome);
// - 'item':  the member while the item it is about is one they may see (a timeline entry, an exhibit, a
//            letter, a deadline, a bundle not for staff only); kept in step when the item's visibility changes;
// - 'staff': caseworkers and coordinators only (drafts, internal reviews, anything about hidden material).

export type MemberRule = 'case' | 'item' | 'staff';

// `words` are a phrase that starts with a verb in the past tense ("Opened the case"), so the Activity tab
// can make a sentence of it: "Ruth Calder (coordinator) opened the case". `yours` is the same phrase as the
// member reads it about their own case ("opened your case"), where the two differ.
type ActionWording = { words: string; yours?: string; member: MemberRule };

export const AUDIT_ACTIONS = {
  'case.view': { words: 'Opened the case', yours: 'Opened your case', member: 'case' },
  'case.create': { words: 'Created the case', yours: 'Sent in your case', member: 'case' },
  'case.update': {
    words: 'Changed the stage or outcome of the case',
    yours: 'Changed the stage or outcome of your case',
    member: 'case',
  },
  'case.deadline-settings': {
    words: 'Changed the deadline settings',
    yours: 'Changed the deadline settings of your case',
    member: 'case',
  },
  'case.consent_given': { words: 'Agreed to caseworker help', member: 'case' },
  'case.consent_withdrawn': { words: 'Withdrew agreement to caseworker help', member: 'case' },
  'assignment.create': { words: 'Assigned a caseworker', yours: 'Assigned a caseworker to your case', member: 'case' },
  'assignment.end': { words: 'Unassigned a caseworker', yours: 'Took a caseworker off your case', member: 'case' },
  'sanction.create': { words: 'Recorded a sanction', yours: 'Recorded what was done to you', member: 'case' },
  'sanction.update': { words: 'Changed a sanction', yours: 'Changed a sanction on your case', member: 'case' },
  // Links name another case: the member of this one may not be able to see it.
  'case-link.create': { words: 'Linked the case to another case', member: 'staff' },
  'case-link.delete': { words: 'Unlinked the case from another case', member: 'staff' },
  'case-branch.create': { words: 'Added a branch to the case’s history', member: 'staff' },
  'case-branch.delete': { words: 'Removed a branch from the case’s history', member: 'staff' },
  'group-action.link-case': {
    words: 'Linked the case to a group action',
    yours: 'Linked your case to a group action',
    member: 'case',
  },
  'group-action.unlink-case': {
    words: 'Unlinked the case from a group action',
    yours: 'Unlinked your case from a group action',
    member: 'case',
  },
  'person.save': { words: 'Saved the member’s details', yours: 'Saved your details', member: 'case' },
  // {fields} becomes the changed fields in words (FIELD_WORDS): "You changed your phone number".
  'person.update': { words: 'Changed the member’s {fields}', yours: 'Changed your {fields}', member: 'case' },
  'person.merge': {
    words: 'Joined the member’s two records into one',
    yours: 'Joined your details from this case with your account’s',
    member: 'case',
  },
  'case.details': { words: 'Changed the case’s {fields}', yours: 'Changed {fields} on your case', member: 'case' },
  // The consent note is for staff (where a signed form is filed): even its name is not the member's to read.
  'case.consent_details': { words: 'Changed the record of the member’s agreement ({fields})', member: 'staff' },
  'claim.create': {
    words: 'Made a link for the member to claim the case',
    yours: 'Made a link for you to claim your case',
    member: 'case',
  },
  'claim.revoke': { words: 'Turned off a link to claim the case', member: 'case' },
  'claim.use': { words: 'Claimed the case with a link', yours: 'Linked your case to your account', member: 'case' },
  'seed.create': { words: 'Added demo data', member: 'item' },
  // The spreadsheet import and the case-list CSV (issue 12, points 4 and 5): one row on each case they touch.
  'case.import': {
    words: 'Imported the case from a spreadsheet',
    yours: 'Imported your case from a spreadsheet',
    member: 'case',
  },
  'case.export': {
    words: 'Exported the case in a case list (CSV)',
    yours: 'Exported your case in a case list (CSV)',
    member: 'case',
  },

  'event.create': { words: 'Added a timeline entry', member: 'item' },
  'event.update': { words: 'Changed a timeline entry', member: 'item' },
  'event.delete': { words: 'Deleted a timeline entry', member: 'item' },
  'event.privacy': { words: 'Changed who can see a timeline entry, or its marks', member: 'item' },
  'event.reorder': { words: 'Changed the order of timeline entries on the same day', member: 'item' },

  'evidence.create': { words: 'Added evidence', member: 'item' },
  'evidence.capture': { words: 'Captured a post or web page', member: 'item' },
  'evidence.update': { words: 'Changed the description of evidence', member: 'item' },
  'evidence.privacy': { words: 'Changed who can see evidence, or its marks', member: 'item' },
  'evidence.download': { words: 'Downloaded evidence', member: 'item' },
  'evidence.preview': { words: 'Viewed a preview of evidence', member: 'item' },
  'evidence.verify_ok': { words: 'Checked the fingerprint of evidence (it matched)', member: 'item' },
  'evidence.verify_mismatch': { words: 'Checked the fingerprint of evidence (it did NOT match)', member: 'item' },
  'evidence.link': { words: 'Linked evidence to a timeline entry', member: 'item' },
  'evidence.unlink': { words: 'Unlinked evidence from a timeline entry', member: 'item' },
  'evidence.remove': { words: 'Removed evidence from the case', member: 'item' },
  'evidence.purge': { words: 'Erased evidence for good', member: 'staff' },

  'deadline.waive': { words: 'Waived a deadline', member: 'item' },
  'deadline.unwaive': { words: 'Undid the waiver of a deadline', member: 'item' },
  'deadline.extend': { words: 'Recorded an extension of a deadline', member: 'item' },
  'deadline.unextend': { words: 'Undid the extension of a deadline', member: 'item' },

  'letter.draft': { words: 'Started drafting a letter', member: 'staff' },
  'letter.draft-pdf': { words: 'Downloaded a draft letter (PDF)', member: 'staff' },
  'letter.draft-docx': { words: 'Downloaded a draft letter (Word)', member: 'staff' },
  'letter.create': { words: 'Filed a letter as sent', member: 'item' },
  'letter-draft.save': { words: 'Saved a draft letter', member: 'staff' },
  'letter-draft.open': { words: 'Opened a draft letter', member: 'staff' },
  'letter-draft.discard': { words: 'Discarded a draft letter', member: 'staff' },
  'letter-draft.sent': { words: 'Saved a draft letter as sent (the draft was removed)', member: 'staff' },
  'person.address': {
    words: 'Stored the member’s postal address from a letter',
    yours: 'Stored your postal address from a letter',
    member: 'case',
  },
  'letter.download-pdf': { words: 'Downloaded a letter (PDF)', member: 'item' },
  'letter.download-docx': { words: 'Downloaded a letter (Word)', member: 'item' },

  'bundle.preflight': { words: 'Checked what a bundle would contain', member: 'staff' },
  'bundle.create': { words: 'Started a bundle', member: 'item' },
  'bundle.built': { words: 'Finished building a bundle', member: 'item' },
  'bundle.download': { words: 'Downloaded a bundle', member: 'item' },
  'bundle.superseded': {
    words: 'Withdrew a bundle (something in it may no longer be shown to its readers)',
    member: 'staff',
  },

  'fairness.update': { words: 'Worked on the fairness review (draft)', member: 'staff' },
  'review.publish': {
    words: 'Published the fairness review',
    yours: 'Published the fairness review of your case',
    member: 'case',
  },
  'review.create': { words: 'Started a review PDF', member: 'staff' },
  'review.built': { words: 'Finished building a review PDF', member: 'staff' },
  'review-pack.create': { words: 'Started a review pack', member: 'staff' },
  'review-pack.built': { words: 'Finished building a review pack', member: 'staff' },

  // Not about one case: the member's Activity tab never lists them.
  'group-action.create': { words: 'Recorded a group action', member: 'staff' },
  'group-action.update': { words: 'Changed a group action', member: 'staff' },
  'group-action.view': { words: 'Opened a group action', member: 'staff' },
  'group-event.create': { words: 'Added an event to a group action', member: 'staff' },
  'group-event.update': { words: 'Changed an event of a group action', member: 'staff' },
  'group-event.delete': { words: 'Deleted an event of a group action', member: 'staff' },
  'deadlines.view': { words: 'Opened the deadlines list', member: 'staff' },
  'statistics.view': { words: 'Opened the statistics', member: 'staff' },
  'statistics.csv': { words: 'Downloaded the statistics (CSV)', member: 'staff' },
  'statistics.report': { words: 'Downloaded the network report (PDF)', member: 'staff' },
  // A search names the cases it found (one row each, with the case) and shows passages of them: a read.
  'search.run': { words: 'Searched the cases', member: 'staff' },
  'case.search': { words: 'Found the case in a search', member: 'staff' },
  'import.run': { words: 'Imported a spreadsheet of cases', member: 'staff' },
  'import-mapping.save': { words: 'Saved a spreadsheet column mapping', member: 'staff' },
  'import-mapping.delete': { words: 'Deleted a spreadsheet column mapping', member: 'staff' },
  'cases.export': { words: 'Exported the case list (CSV)', member: 'staff' },
  // "Download my data" (issue 13, point 1): the member's own copy of what they may see. Each case copied into it
  // is a read of that case, shown to the member; the request, build, download and deletion are about the account.
  'case.member-export': {
    words: 'Copied the case into the member’s download of their data',
    yours: 'Copied your case into a download of your data',
    member: 'case',
  },
  'member_export.request': { words: 'Asked for a download of their data', member: 'staff' },
  'member_export.built': { words: 'Finished a download of a member’s data', member: 'staff' },
  'member_export.download': { words: 'Downloaded their data', member: 'staff' },
  'member_export.expired': { words: 'Deleted a download of a member’s data that had run out', member: 'staff' },
  // Retention of closed cases (issue 13, point 4).
  'retention.view': { words: 'Opened the retention review', member: 'staff' },
  'retention.settings': { words: 'Changed how long closed cases are kept', member: 'staff' },
  'retention.keep': {
    words: 'Kept the closed case past the retention period',
    yours: 'Kept your closed case past the usual time',
    member: 'case',
  },
  'retention.notice': {
    words: 'Told the member the closed case will be deleted',
    yours: 'Told you your closed case will be deleted',
    member: 'case',
  },
  'retention.erase': { words: 'Deleted a closed case past the retention period', member: 'staff' },
  // Subject access requests made to the network: about a person, not a case (no Activity tab row).
  'access-request.create': { words: 'Logged a subject access request to the network', member: 'staff' },
  'access-requests.view': { words: 'Opened the list of subject access requests', member: 'staff' },
  'access-request.view': { words: 'Opened a subject access request', member: 'staff' },
  'access-request.decide': { words: 'Decided what to release for a subject access request', member: 'staff' },
  'access-request.extend': { words: 'Extended a subject access request', member: 'staff' },
  'access-request.release': { words: 'Released the response to a subject access request', member: 'staff' },
  'access-request.download': { words: 'Downloaded the response to a subject access request', member: 'staff' },
  'organisation.update': { words: 'Changed the organisation’s settings', member: 'staff' },
  'body.create': { words: 'Added a body of the party', member: 'staff' },
  'body.update': { words: 'Changed a body of the party', member: 'staff' },
  'region.create': { words: 'Added a region', member: 'staff' },
  'region.update': { words: 'Renamed a region', member: 'staff' },
  'branch.create': { words: 'Added a branch', member: 'staff' },
  'branch.update': { words: 'Changed a branch', member: 'staff' },
  'calendar.create': { words: 'Made a calendar link', member: 'staff' },
  'calendar.revoke': { words: 'Turned off the calendar link', member: 'staff' },
  'calendar.read': { words: 'Read the deadlines through a calendar app', member: 'staff' },
  'reminders.digest': { words: 'Sent the daily deadline email', member: 'staff' },
  'intake_draft.save': { words: 'Saved a draft of the case form', member: 'staff' },
  'intake_draft.discard': { words: 'Discarded a draft of the case form', member: 'staff' },
  'invite.create': { words: 'Invited someone', member: 'staff' },
  'invite.accept': { words: 'Accepted an invitation', member: 'staff' },
  'user.create': { words: 'Created an account', member: 'staff' },
  'user.update': { words: 'Changed an account', member: 'staff' },
  'user.reminders': { words: 'Changed reminder emails', member: 'staff' },
  'user.sign_in': { words: 'Signed in', member: 'staff' },
  'user.sign_out_everywhere': { words: 'Signed out everywhere', member: 'staff' },
  'user.sign_out': { words: 'Signed out', member: 'staff' },
  'user.password_reset_request': { words: 'Asked for a link to choose a new password', member: 'staff' },
  'user.password_reset': { words: 'Chose a new password with an emailed link', member: 'staff' },
  'mfa.totp_enrol': { words: 'Set up an authenticator app for two-step sign-in', member: 'staff' },
  'mfa.totp_remove': { words: 'Removed the authenticator app from two-step sign-in', member: 'staff' },
  'mfa.passkey_add': { words: 'Added a passkey for two-step sign-in', member: 'staff' },
  'mfa.passkey_remove': { words: 'Removed a passkey from two-step sign-in', member: 'staff' },
  'mfa.recovery_codes': { words: 'Made new recovery codes for two-step sign-in', member: 'staff' },
  'mfa.recovery_used': {
    words: 'Signed in with a recovery code (two-step sign-in to be set up again)',
    member: 'staff',
  },
  'mfa.reset': { words: 'Reset someone’s two-step sign-in', member: 'staff' },
  // Erasure (issue 13, point 3): about a person, not a case (no Activity tab row); ids and counts only.
  'erasure.request': { words: 'Asked for a member’s data to be erased', member: 'staff' },
  'erasure.approve': { words: 'Approved the erasure of a member’s data', member: 'staff' },
  'erasure.refuse': { words: 'Refused to erase a member’s data', member: 'staff' },
  'erasure.done': { words: 'Erased a member’s data', member: 'staff' },
  'erasure.view': { words: 'Opened the list of erasure requests', member: 'staff' },
} as const satisfies Record<string, ActionWording>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const isAuditAction = (name: string): name is AuditAction => Object.hasOwn(AUDIT_ACTIONS, name);

/** The actions whose member visibility follows the item they are about. */
export const ITEM_ACTIONS = (Object.keys(AUDIT_ACTIONS) as AuditAction[]).filter(
  (a) => AUDIT_ACTIONS[a].member === 'item',
);

const UNDESCRIBED = 'Did something this version has no words for';

/** Field names as a person reads them, for phrases with {fields} ("changed your phone number"). */
export const FIELD_WORDS: Record<string, string> = {
  fullName: 'name',
  membershipNumber: 'membership number',
  email: 'email address',
  phone: 'phone number',
  postalAddress: 'postal address',
  branchId: 'branch',
  regionId: 'region',
  rolesHeld: 'roles held',
  wants: 'what is wanted',
  summary: 'summary',
  consentMethod: 'how it was given',
  consentGivenAt: 'when it was given',
  consentNote: 'note',
  consentTakenById: 'who took it',
};

/** "{fields}" in a phrase, filled with the changed fields in words ("phone number and postal address"); "details" when none is known. */
function withFields(phrase: string, fields: readonly string[] = []): string {
  if (!phrase.includes('{fields}')) return phrase;
  const words = [...new Set(fields.map((f) => FIELD_WORDS[f]).filter((w): w is string => !!w))];
  const list =
    words.length === 0
      ? 'details'
      : words.length === 1
        ? words[0]!
        : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return phrase.replace('{fields}', list);
}

/** Plain words for an action; an unknown name (from an older version) reads as a generic phrase, never raw. */
export const actionWords = (name: string, fields?: readonly string[]): string =>
  isAuditAction(name) ? withFields(AUDIT_ACTIONS[name].words, fields) : UNDESCRIBED;

/** The phrase as the case's member reads it ("Opened your case"); the staff words where there is no other. */
export const actionWordsForMember = (name: string, fields?: readonly string[]): string =>
  isAuditAction(name)
    ? withFields((AUDIT_ACTIONS[name] as ActionWording).yours ?? AUDIT_ACTIONS[name].words, fields)
    : UNDESCRIBED;

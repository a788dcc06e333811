import { BodyKind } from '../db/generated/enums';

// Every context path a template field may take its value from (`source:` in a template's front
// matter), what it holds, and its kind. buildLetterContext() fills exactly these keys, the template
// loader refuses any other source, and templates/letters/README.md lists them for template authors
// (a test keeps the README in step with this list).
//
// Kinds: `text` is one line; `multiline` keeps line breaks (addresses, quoted wording); `date` is a
// date in UK form ("3 Oct 2025"), or less exact when only the month or year is known ("Feb 2022").
// A field of type `date` may only take a `date` source, and is pre-filled only when the day is known.

export type SourceKind = 'text' | 'multiline' | 'date';

export const CONTEXT_SOURCES = {
  'member.fullName': { kind: 'text', meaning: "The member's full name." },
  'member.address': {
    kind: 'multiline',
    meaning: "The member's postal address, one line per part (often not recorded yet).",
  },
  'member.email': { kind: 'text', meaning: "The member's email address." },
  'member.phone': { kind: 'text', meaning: "The member's phone number." },
  'member.membershipNumber': { kind: 'text', meaning: "The member's membership number." },
  'member.branch': { kind: 'text', meaning: "The member's local branch." },
  'member.region': { kind: 'text', meaning: "The member's region." },
  'organisation.name': {
    kind: 'text',
    meaning: 'The name of the party (the data controller for a subject access request).',
  },
  'case.reference': { kind: 'text', meaning: 'The case reference in Reinstate, e.g. RS-2025-0042.' },
  'case.status': {
    kind: 'text',
    meaning:
      'Where the case stands, stage and outcome together, e.g. "Under investigation" or "Closed – chose not to appeal".',
  },
  'case.stage': { kind: 'text', meaning: 'The stage of the process, e.g. "Appeal" or "Closed".' },
  'case.outcome': { kind: 'text', meaning: 'How the case ended, e.g. "Reinstated" (empty while not known).' },
  'sanction.type': {
    kind: 'text',
    meaning:
      'The latest sanction, in words that fit "the ___ imposed on me", e.g. "administrative suspension", "expulsion".',
  },
  'sanction.imposedOn': {
    kind: 'date',
    meaning: 'When the latest sanction was imposed, as exactly as it is known ("3 Oct 2025", "Mar 2021", "c. 2019").',
  },
  'sanction.imposedBy': {
    kind: 'text',
    meaning: 'The body that imposed the latest sanction, e.g. "General Secretary".',
  },
  'sanction.reasonText': {
    kind: 'multiline',
    meaning: "The exact wording of the reason given in the party's letter, as the member recorded it.",
  },
  'sanction.reasonCategory': { kind: 'text', meaning: 'The kind of reason given, e.g. "A social-media post".' },
  'recipient.name': {
    kind: 'text',
    meaning:
      "The name of the body the template is addressed to (its `recipient`), or the Information Commissioner's Office.",
  },
  'recipient.address': { kind: 'multiline', meaning: "That body's postal address, one line per part." },
  'sar.sentOn': { kind: 'date', meaning: 'When the latest subject access request on the timeline was sent.' },
  'sar.dueOn': {
    kind: 'date',
    meaning: 'When the reply to that subject access request was due (one calendar month, UK GDPR Art. 12(3)).',
  },
  'notice.receivedOn': {
    kind: 'date',
    meaning: 'When the latest notice of investigation was received (its date if the day of receipt was not recorded).',
  },
  'notice.replyDueOn': { kind: 'date', meaning: 'When the reply to that notice is due.' },
  'decision.date': {
    kind: 'date',
    meaning:
      'The date of the latest decision on the timeline that went against the member (or whose outcome was not recorded).',
  },
  'decision.appealDueOn': { kind: 'date', meaning: 'The last day to appeal against that decision.' },
  'parent.title': {
    kind: 'text',
    meaning: 'The earlier letter this one follows up (chosen when writing it), e.g. "Subject access request".',
  },
  'parent.sentOn': { kind: 'date', meaning: 'When that earlier letter was sent.' },
  'parent.dueOn': { kind: 'date', meaning: 'When a reply to that earlier letter was due, if a deadline hangs on it.' },
  'deadline.label': {
    kind: 'text',
    meaning: 'The deadline this letter is written about (e.g. the overdue one a chaser is for).',
  },
  'deadline.dueOn': { kind: 'date', meaning: 'The day that deadline fell or falls due.' },
  'caseworker.name': {
    kind: 'text',
    meaning: 'The caseworker writing the letter, or else the caseworker assigned to the case.',
  },
  today: { kind: 'date', meaning: "Today's date." },
} as const satisfies Record<string, { kind: SourceKind; meaning: string }>;

export type SourcePath = keyof typeof CONTEXT_SOURCES;

export const SOURCE_PATHS = Object.keys(CONTEXT_SOURCES) as SourcePath[];

export const isSourcePath = (s: string): s is SourcePath => Object.hasOwn(CONTEXT_SOURCES, s);

/** Who a template may be addressed to: a body of the party (its address comes from the organisation's settings), the ICO, or ask. */
export const RECIPIENTS = [...(Object.keys(BodyKind) as BodyKind[]), 'ICO', 'ASK'] as const;

export const ICO = {
  name: "Information Commissioner's Office",
  address: 'Wycliffe House\nWater Lane\nWilmslow\nCheshire\nSK9 5AF',
} as const;

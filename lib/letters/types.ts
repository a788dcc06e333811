import type { DeadlineKind } from '../db/generated/enums';

// Plain data about letter templates. No Node or database imports, so client components can
// import these types (and receive LetterTemplate objects as props: they hold no functions).

export type FieldType = 'text' | 'multiline' | 'date' | 'number';

export type LetterField = {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** A context path (see sources.ts) the value is filled from; null when the person types it. */
  source: string | null;
  hint?: string;
};

export type LetterTemplate = {
  /** The file name without `.md`, e.g. `subject-access-request`. */
  key: string;
  /** The file name, e.g. `subject-access-request.md`. */
  file: string;
  title: string;
  /** One plain sentence for the picker. */
  description: string;
  /**
   * The timeline event that saving the letter creates. SAR_SENT starts the SAR reply deadline;
   * APPEAL_LODGED lodges the appeal (and meets the appeal window).
   */
  eventType: 'LETTER_SENT' | 'SAR_SENT' | 'APPEAL_LODGED';
  /** The reply the letter asks for, in days: saving it as sent opens a reply deadline. Null: it asks for none. */
  replyWindowDays: number | null;
  /** A BodyKind, `ICO`, or `ASK` (the person types the recipient). */
  recipient: string;
  /** Keys of the templates this letter follows up (SAR → chaser → ICO complaint). */
  follows: string[];
  /** Overdue deadlines for which this letter is the suggested next step. */
  suggestedWhenOverdue: DeadlineKind[];
  fields: LetterField[];
};

export type TemplateProblem = { file: string; message: string };

/** A context map: dotted source path → value (dates in UK form, "3 Oct 2025"), null when unknown. */
export type LetterContext = Record<string, string | null>;

/** A filled letter, ready for review, editing and output. */
export type LetterDocument = {
  senderName: string;
  senderAddress: string;
  recipientName: string;
  recipientAddress: string;
  /** ISO YYYY-MM-DD; shown in UK form. */
  date: string;
  reference: string;
  subject: string;
  body: string;
  signatureName: string;
};

/** The fields every template declares: the renderer uses them for the address blocks. */
export const HEADER_FIELDS = ['sender_name', 'sender_address', 'recipient_name', 'recipient_address'] as const;

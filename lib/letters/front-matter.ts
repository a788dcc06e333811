import { parseDocument } from 'yaml';
import { z } from 'zod';
import { DeadlineKind } from '../db/generated/enums';
import { RECIPIENTS } from './sources';

// A template file is YAML front matter between two `---` lines, then the letter text:
//
//   ---
//   title: Subject access request
//   …
//   ---
//   Dear Sir or Madam,
//
// This module splits the file and checks the front matter's shape with zod. Problems carry the
// line in the file where known, and the key path ("fields.sender_name.type"), in plain words.

export const FIELD_NAME = /^[a-z][a-z0-9_]*$/;

const fieldSchema = z.strictObject({
  label: z.string().trim().min(1).max(120),
  type: z.enum(['text', 'multiline', 'date', 'number']),
  required: z.boolean(),
  source: z.string().trim().min(1).optional(),
  hint: z.string().trim().min(1).max(300).optional(),
});

export const frontMatterSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().min(1).max(300),
  subject: z.string().trim().min(1).max(300),
  event: z.enum(['LETTER_SENT', 'SAR_SENT', 'APPEAL_LODGED']),
  recipient: z.enum(RECIPIENTS),
  follows: z.array(z.string().trim().min(1)).default([]),
  /** "Please reply within N days": saving the letter as sent opens a reply deadline of N days. */
  replyWindowDays: z
    .number()
    .int('must be a whole number of days, like 14')
    .min(1, 'must be at least 1 day')
    .max(365, 'must be 365 days or fewer')
    .optional(),
  suggestedWhenOverdue: z.array(z.enum(Object.keys(DeadlineKind) as [DeadlineKind, ...DeadlineKind[]])).default([]),
  fields: z.record(z.string(), fieldSchema),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export type ParsedFile =
  | { ok: true; frontMatter: FrontMatter; body: string; bodyStartLine: number; subjectLine: number }
  | { ok: false; problems: string[] };

const FENCE = /^---[ \t]*$/;

/** Splits and validates one template file's text. */
export function parseTemplateFile(raw: string): ParsedFile {
  const lines = raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  if (!FENCE.test(lines[0] ?? '')) {
    return {
      ok: false,
      problems: ['line 1: the file must start with a line of three dashes (---), then the settings, then another ---'],
    };
  }
  const close = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (close < 0)
    return { ok: false, problems: ['the settings at the top are not closed with a line of three dashes (---)'] };

  const yamlText = lines.slice(1, close).join('\n');
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    // Line numbers in the file: the YAML starts on line 2, after the opening ---.
    const lineOf = (offset: number) => yamlText.slice(0, offset).split('\n').length + 1;
    return { ok: false, problems: doc.errors.map((e) => `line ${lineOf(e.pos[0])}: ${e.message}`) };
  }
  const parsed = frontMatterSchema.safeParse(doc.toJS());
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(describeIssue) };

  const subjectIndex = lines.findIndex((l, i) => i < close && /^subject\s*:/.test(l));
  return {
    ok: true,
    frontMatter: parsed.data,
    body: lines.slice(close + 1).join('\n'),
    bodyStartLine: close + 2,
    subjectLine: subjectIndex + 1,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'the settings';
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${where}: is missing`;
  if (issue.code === 'invalid_value') return `${where}: must be one of ${issue.values.map(String).join(', ')}`;
  return `${where}: ${issue.message}`;
}

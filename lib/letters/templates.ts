import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parseTemplateFile, FIELD_NAME, type FrontMatter } from './front-matter';
import { checkTemplateSyntax } from './template-syntax';
import { CONTEXT_SOURCES, isSourcePath } from './sources';
import { formatUkDay } from './uk-date';
import { HEADER_FIELDS, type LetterField, type LetterTemplate, type TemplateProblem } from './types';

export type { FieldType, LetterField, LetterTemplate, TemplateProblem } from './types';

// Letter templates: templates/letters/<key>.md, loaded and checked once, when the app starts (see
// assertTemplatesValid) and in the tests, so that a broken template is reported by file name to
// whoever edited it, never to a member halfway through writing a letter.
//
// The text is Handlebars compiled with noEscape: the output is plain text, and each output escapes
// it for itself (React in the preview, the docx library's XML, pdfkit's text operators). strict
// makes a missing value an error rather than a silent blank; knownHelpersOnly plus the syntax check
// in template-syntax.ts keep a template to {{field}}, {{#if}} and {{#unless}}. A value is inserted
// once, as text: "{{other}}" typed into a field is printed as it is, never evaluated.

const COMPILE_OPTIONS = { noEscape: true, strict: true, knownHelpersOnly: true } as const;

// An isolated Handlebars with only the helpers letters may use: nothing registered elsewhere leaks in.
const hb = Handlebars.create();
for (const name of ['each', 'with', 'lookup', 'log']) hb.unregisterHelper(name);

type Compiled = { subject: HandlebarsTemplateDelegate; body: HandlebarsTemplateDelegate };
// Compiled functions stay out of the template objects, which remain plain data (safe to pass to a client component).
const compiledTemplates = new WeakMap<LetterTemplate, Compiled>();

/** One or more templates failed their checks. The message lists every problem, by file. */
export class TemplateProblemsError extends Error {
  constructor(readonly problems: TemplateProblem[]) {
    super(
      `Letter templates have ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `- ${p.file}: ${p.message}`).join('\n')}`,
    );
    this.name = 'TemplateProblemsError';
  }
}

/** The shipped templates' folder. The server and the scripts run from the project root. */
export const shippedTemplatesDir = (): string => path.join(process.cwd(), 'templates', 'letters');

const FILE_NAME = /^[a-z0-9]+(-[a-z0-9]+)*\.md$/;
// Names a value object inherits: a field called "constructor" would read the prototype's.
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));
const HEADER_TYPES: Record<(typeof HEADER_FIELDS)[number], LetterField['type']> = {
  sender_name: 'text',
  sender_address: 'multiline',
  recipient_name: 'text',
  recipient_address: 'multiline',
};

/** Reads and checks every `*.md` template in a folder (README.md excepted). Never throws for a bad template. */
export function loadTemplates(dir: string = shippedTemplatesDir()): {
  templates: LetterTemplate[];
  problems: TemplateProblem[];
} {
  const problems: TemplateProblem[] = [];
  let names: string[];
  try {
    names = fs
      .readdirSync(/*turbopackIgnore: true*/ dir)
      .filter((n) => n.toLowerCase().endsWith('.md') && n.toLowerCase() !== 'readme.md')
      .sort();
  } catch {
    return { templates: [], problems: [{ file: dir, message: 'the letter templates folder cannot be read' }] };
  }

  const loaded: LetterTemplate[] = [];
  const keys = new Set<string>();
  for (const file of names) {
    const report = (message: string) => problems.push({ file, message });
    if (!FILE_NAME.test(file)) {
      report('the file name must be lower-case words joined by hyphens, ending in .md (e.g. chaser-letter.md)');
      continue;
    }
    const key = file.slice(0, -3);
    keys.add(key);
    const result = checkTemplate(key, file, fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), 'utf8'));
    result.problems.forEach(report);
    if (result.template) loaded.push(result.template);
  }

  // Chains refer to other files, so they are checked once every file is known.
  const templates: LetterTemplate[] = [];
  for (const template of loaded) {
    const bad = template.follows.filter((k) => k === template.key || !keys.has(k));
    for (const k of bad) {
      problems.push({
        file: template.file,
        message:
          k === template.key
            ? 'follows: a letter cannot follow up itself'
            : `follows: there is no template "${k}" (expected a file ${k}.md)`,
      });
    }
    if (!bad.length) templates.push(template);
  }
  return { templates, problems };
}

/** Checks one file's text; returns the template when it has no problems. */
function checkTemplate(
  key: string,
  file: string,
  raw: string,
): { template: LetterTemplate | null; problems: string[] } {
  const parsed = parseTemplateFile(raw);
  if (!parsed.ok) return { template: null, problems: parsed.problems };
  const fm = parsed.frontMatter;
  const problems: string[] = [];
  const fields = checkFields(fm, problems);

  // The subject and body may only use declared fields; the subject is one line.
  const declared = new Map(fields.map((f) => [f.name, f]));
  const used = new Set<string>();
  const subject = checkTemplateSyntax(fm.subject);
  for (const p of subject.problems) problems.push(`subject (line ${parsed.subjectLine}): ${p.message}`);
  for (const name of subject.names.keys()) {
    used.add(name);
    if (!declared.has(name))
      problems.push(`subject (line ${parsed.subjectLine}): {{${name}}} is not declared under fields`);
    else if (declared.get(name)!.type === 'multiline')
      problems.push(
        `subject (line ${parsed.subjectLine}): {{${name}}} is a multiline field, but the subject is one line`,
      );
  }
  if (!parsed.body.trim()) problems.push('the letter text after the second --- is empty');
  const body = checkTemplateSyntax(parsed.body);
  const fileLine = (line: number) => line + parsed.bodyStartLine - 1;
  for (const p of body.problems) problems.push(`line ${fileLine(p.line)}: ${p.message}`);
  for (const [name, line] of body.names) {
    used.add(name);
    if (!declared.has(name)) problems.push(`line ${fileLine(line)}: {{${name}}} is not declared under fields`);
  }
  // Only when both texts could be read: otherwise the names they use are not all known.
  for (const f of subject.ast && body.ast ? fields : []) {
    if (!used.has(f.name) && !(HEADER_FIELDS as readonly string[]).includes(f.name))
      problems.push(`fields.${f.name}: is declared but not used in the subject or the letter text`);
  }
  // A declared reply window starts a deadline from a letter sent, and the letter should ask for the same.
  if (fm.replyWindowDays !== undefined) {
    if (fm.event !== 'LETTER_SENT')
      problems.push(
        `replyWindowDays: only a letter with event: LETTER_SENT can ask for a reply by a date (a subject access request's month is set by law)`,
      );
    else if (!new RegExp(`\\b${fm.replyWindowDays} days\\b`).test(parsed.body))
      problems.push(
        `replyWindowDays: is ${fm.replyWindowDays}, but the letter text never says "${fm.replyWindowDays} days"`,
      );
  }
  if (problems.length || !subject.ast || !body.ast) return { template: null, problems };

  const template: LetterTemplate = {
    key,
    file,
    title: fm.title,
    description: fm.description,
    eventType: fm.event,
    recipient: fm.recipient,
    follows: fm.follows,
    suggestedWhenOverdue: fm.suggestedWhenOverdue,
    replyWindowDays: fm.replyWindowDays ?? null,
    fields,
  };
  const compiled = { subject: hb.compile(subject.ast, COMPILE_OPTIONS), body: hb.compile(body.ast, COMPILE_OPTIONS) };
  // Handlebars compiles on first use: do it now, with sample values, so any remaining error shows at load.
  try {
    const sample = Object.fromEntries(fields.map((f) => [f.name, f.type === 'date' ? '2025-10-03' : 'x']));
    compiled.subject(sample);
    compiled.body(sample);
  } catch (err) {
    return {
      template: null,
      problems: [`the template cannot be used: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`],
    };
  }
  compiledTemplates.set(template, compiled);
  return { template, problems: [] };
}

function checkFields(fm: FrontMatter, problems: string[]): LetterField[] {
  const fields: LetterField[] = [];
  for (const [name, f] of Object.entries(fm.fields)) {
    const at = `fields.${name}`;
    if (!FIELD_NAME.test(name) || RESERVED.has(name)) {
      problems.push(
        `${at}: a field name must be lower-case letters, digits and underscores, starting with a letter (e.g. sender_name)`,
      );
      continue;
    }
    if (f.source !== undefined) {
      if (!isSourcePath(f.source)) {
        problems.push(`${at}.source: "${f.source}" is not a known source (see README.md for the list)`);
      } else if (f.type === 'date' && CONTEXT_SOURCES[f.source].kind !== 'date') {
        problems.push(`${at}.source: a date field needs a date source, and "${f.source}" is not one`);
      } else if (f.type === 'number') {
        problems.push(`${at}.source: no source gives a number; leave the source out so the person types it`);
      }
    }
    fields.push({
      name,
      label: f.label,
      type: f.type,
      required: f.required,
      source: f.source ?? null,
      ...(f.hint ? { hint: f.hint } : {}),
    });
  }
  for (const name of HEADER_FIELDS) {
    const f = fields.find((x) => x.name === name);
    if (!f)
      problems.push(
        `fields.${name}: is missing (every letter declares sender_name, sender_address, recipient_name and recipient_address)`,
      );
    else if (!f.required) problems.push(`fields.${name}.required: must be true (it is needed for the address blocks)`);
    else if (f.type !== HEADER_TYPES[name]) problems.push(`fields.${name}.type: must be ${HEADER_TYPES[name]}`);
  }
  return fields;
}

/**
 * Fills a template's subject and text from values already validated by fieldValuesSchema.
 * Date fields (ISO YYYY-MM-DD) are written in UK form; every declared field gets a value ('' when absent).
 */
export function fillTemplate(
  template: LetterTemplate,
  values: Record<string, string>,
): { subject: string; body: string } {
  const compiled = compiledTemplates.get(template);
  if (!compiled) throw new Error(`Template "${template.key}" was not loaded by loadTemplates(): use getTemplate(key)`);
  const input: Record<string, string> = {};
  for (const f of template.fields) {
    const v = Object.hasOwn(values, f.name) ? (values[f.name] ?? '') : '';
    input[f.name] = f.type === 'date' ? formatUkDay(v) : v;
  }
  return { subject: compiled.subject(input), body: compiled.body(input) };
}

let cache: LetterTemplate[] | undefined;

/** The shipped templates, loaded once. Throws TemplateProblemsError, naming each file and problem, if any template is broken. */
export function getTemplates(): LetterTemplate[] {
  if (cache) return cache;
  const { templates, problems } = loadTemplates();
  if (problems.length) throw new TemplateProblemsError(problems);
  cache = templates;
  return templates;
}

export function getTemplate(key: string): LetterTemplate | undefined {
  return getTemplates().find((t) => t.key === key);
}

/** For the start script: fails before the server starts when a template is broken. */
export function assertTemplatesValid(): void {
  getTemplates();
}

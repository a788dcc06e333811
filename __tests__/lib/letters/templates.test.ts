import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assertTemplatesValid,
  getTemplate,
  getTemplates,
  loadTemplates,
  TemplateProblemsError,
} from '@/lib/letters/templates';
import { SOURCE_PATHS } from '@/lib/letters/sources';

// Templates are checked when they load: a broken one is reported by file name and line, at start-up
// and here, never when a member opens it.

const SHIPPED = [
  'appeal-against-decision',
  'chaser',
  'form-of-authority',
  'ico-complaint',
  'reinstatement-review',
  'request-for-particulars',
  'response-to-investigation',
  'subject-access-request',
];

const HEADER = `  sender_name: { label: Your full name, type: text, required: true, source: member.fullName }
  sender_address: { label: Your postal address, type: multiline, required: true, source: member.address }
  recipient_name: { label: Who the letter is to, type: text, required: true, source: recipient.name }
  recipient_address: { label: Their postal address, type: multiline, required: true, source: recipient.address }`;

/** A valid template; parts can be replaced to break it in one way at a time. */
function template(parts: { settings?: string; fields?: string; body?: string } = {}): string {
  return `---
${
  parts.settings ??
  `title: Test letter
description: A letter for the tests.
subject: "Test – {{sender_name}}"
event: LETTER_SENT
recipient: GENERAL_SECRETARY
follows: []`
}
fields:
${HEADER}
${parts.fields ?? '  note: { label: A note, type: text, required: false }'}
---
Dear Sir or Madam,

{{#if note}}
{{note}}
{{/if}}

Yours faithfully,
`.replace('{{#if note}}\n{{note}}\n{{/if}}', parts.body ?? '{{#if note}}\n{{note}}\n{{/if}}');
}

/** Writes the files to a fresh folder and loads it. */
function load(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-templates-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return loadTemplates(dir);
}

const messages = (files: Record<string, string>) => load(files).problems.map((p) => `${p.file}: ${p.message}`);

test('the shipped templates load without a single problem, with their chains and events', () => {
  const { templates, problems } = loadTemplates();
  expect(problems).toEqual([]);
  expect(templates.map((t) => t.key)).toEqual(SHIPPED);
  expect(() => assertTemplatesValid()).not.toThrow();
  expect(getTemplates()).toBe(getTemplates()); // cached

  const t = (key: string) => getTemplate(key)!;
  expect(t('subject-access-request')).toMatchObject({
    eventType: 'SAR_SENT',
    follows: [],
    recipient: 'GOVERNANCE_LEGAL_UNIT',
  });
  // Saving an appeal lodges it (meeting the appeal window); every other letter is a letter sent.
  expect(t('appeal-against-decision').eventType).toBe('APPEAL_LODGED');
  expect(
    SHIPPED.filter((k) => !['subject-access-request', 'appeal-against-decision'].includes(k)).every(
      (k) => t(k).eventType === 'LETTER_SENT',
    ),
  ).toBe(true);
  // The reply each letter asks for, by date: saving it as sent opens that deadline.
  expect(Object.fromEntries(SHIPPED.map((k) => [k, t(k).replyWindowDays]))).toEqual({
    'appeal-against-decision': null,
    chaser: 14,
    'form-of-authority': null,
    'ico-complaint': null,
    'reinstatement-review': 28,
    'request-for-particulars': 14,
    'response-to-investigation': null,
    'subject-access-request': null,
  });
  // SAR → chaser → ICO complaint; request for particulars → chaser → appeal.
  expect(t('chaser').follows).toEqual(expect.arrayContaining(['subject-access-request', 'request-for-particulars']));
  expect(t('ico-complaint')).toMatchObject({
    follows: ['chaser'],
    recipient: 'ICO',
    suggestedWhenOverdue: ['SAR_REPLY'],
  });
  expect(t('appeal-against-decision').follows).toEqual(expect.arrayContaining(['chaser', 'request-for-particulars']));
  expect(t('chaser').suggestedWhenOverdue).toEqual(['SAR_REPLY', 'LETTER_REPLY']);
  expect(getTemplate('nope')).toBeUndefined();

  for (const tpl of templates) {
    expect(tpl.description).toMatch(/^[A-Z].*\.$/);
    for (const name of ['sender_name', 'sender_address', 'recipient_name', 'recipient_address']) {
      expect(tpl.fields.find((f) => f.name === name)).toMatchObject({ required: true, source: expect.any(String) });
    }
  }
  // The SAR cites Art. 15 and the one-month limit of Art. 12(3).
  const sar = fs.readFileSync(path.join(process.cwd(), 'templates/letters/subject-access-request.md'), 'utf8');
  expect(sar).toMatch(/Article 15/);
  expect(sar).toMatch(/Article 12\(3\)[^.]*one month/);
});

test('a template object is plain data: it can be sent to a client component as it is', () => {
  const t = getTemplate('chaser')!;
  expect(JSON.parse(JSON.stringify(t))).toEqual(t);
});

test('the README explains every source path', () => {
  const readme = fs.readFileSync(path.join(process.cwd(), 'templates/letters/README.md'), 'utf8');
  for (const p of SOURCE_PATHS) expect(readme).toContain(`| \`${p}\` |`);
});

test('a valid fixture loads, and README.md and other files are not templates', () => {
  const { templates, problems } = load({
    'test-letter.md': template(),
    'README.md': '# not a template',
    'notes.txt': 'x',
  });
  expect(problems).toEqual([]);
  expect(templates).toHaveLength(1);
  expect(templates[0]).toMatchObject({
    key: 'test-letter',
    file: 'test-letter.md',
    title: 'Test letter',
    eventType: 'LETTER_SENT',
    recipient: 'GENERAL_SECRETARY',
  });
  expect(templates[0]!.fields.map((f) => f.name)).toEqual([
    'sender_name',
    'sender_address',
    'recipient_name',
    'recipient_address',
    'note',
  ]);
  expect(templates[0]!.fields[4]).toEqual({
    name: 'note',
    label: 'A note',
    type: 'text',
    required: false,
    source: null,
  });
});

test('settings problems: YAML errors with their line, missing and unknown keys, bad values, duplicate keys', () => {
  expect(
    messages({
      'a.md': template({
        settings: 'title: Test\ndescription: [unclosed\nsubject: x\nevent: LETTER_SENT\nrecipient: NCC',
      }),
    }),
  ).toEqual(['a.md: line 4: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  expect(
    messages({
      'b.md': template({
        settings: 'title: One\ntitle: Two\ndescription: d.\nsubject: s\nevent: LETTER_SENT\nrecipient: NCC',
      }),
    }),
  ).toEqual([expect.stringMatching(/^b\.md: line 3: Map keys must be unique/)]);
  const missing = messages({
    'c.md': template({ settings: 'title: Test\nsubject: s\nevent: LETTER_SENT\nrecipient: NCC\nrequried: true' }),
  });
  expect(missing).toEqual(
    expect.arrayContaining([
      'c.md: description: is missing',
      'c.md: the settings: unknown setting "requried" (check the spelling)',
    ]),
  );
  const bad = messages({
    'd.md': template({
      settings:
        'title: T\ndescription: d.\nsubject: s\nevent: LETTER_RECEIVED\nrecipient: PARTY_HQ\nsuggestedWhenOverdue: [SOMETIME]',
    }),
  });
  expect(bad).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^d\.md: event: must be one of LETTER_SENT, SAR_SENT, APPEAL_LODGED$/),
      expect.stringMatching(/^d\.md: recipient: must be one of GENERAL_SECRETARY, .*ICO, ASK$/),
      expect.stringMatching(
        /^d\.md: suggestedWhenOverdue\.0: must be one of SAR_REPLY, INVESTIGATION_REPLY, APPEAL_WINDOW, LETTER_REPLY$/,
      ),
    ]),
  );
  expect(messages({ 'e.md': 'title: no front matter\n' })).toEqual([
    expect.stringMatching(/^e\.md: line 1: the file must start with a line of three dashes/),
  ]);
  expect(messages({ 'f.md': '---\ntitle: x\n' })).toEqual([
    expect.stringMatching(/^f\.md: the settings at the top are not closed/),
  ]);
  expect(messages({ 'Bad Name.md': template() })).toEqual([
    expect.stringMatching(/^Bad Name\.md: the file name must be lower-case words/),
  ]);
});

test('a declared reply window: a whole number of days, on a letter sent only, and the letter text says the same', () => {
  const settings = (extra: string, event = 'LETTER_SENT') =>
    `title: T\ndescription: d.\nsubject: "s {{sender_name}}"\nevent: ${event}\nrecipient: NCC\nfollows: []\n${extra}`;
  const saying = (days: string) =>
    template({ settings: settings(`replyWindowDays: ${days}`), fields: '', body: 'Please reply within 14 days.' });
  expect(load({ 'a.md': saying('14') }).templates[0]).toMatchObject({ replyWindowDays: 14, eventType: 'LETTER_SENT' });
  expect(messages({ 'b.md': saying('21') })).toEqual([
    'b.md: replyWindowDays: is 21, but the letter text never says "21 days"',
  ]);
  expect(messages({ 'c.md': saying('0') })).toEqual(['c.md: replyWindowDays: must be at least 1 day']);
  expect(messages({ 'd.md': saying('14.5') })).toEqual([
    'd.md: replyWindowDays: must be a whole number of days, like 14',
  ]);
  expect(
    messages({
      'e.md': template({
        settings: settings('replyWindowDays: 14', 'SAR_SENT'),
        fields: '',
        body: 'Please reply within 14 days.',
      }),
    }),
  ).toEqual([expect.stringMatching(/^e\.md: replyWindowDays: only a letter with event: LETTER_SENT/)]);
  // No window declared: none, whatever the text says.
  expect(load({ 'f.md': template({ fields: '', body: 'Please reply within 14 days.' }) }).templates[0]).toMatchObject({
    replyWindowDays: null,
  });
});

test('field problems: unknown or mismatched sources, bad names and types, missing or loosened header fields, unused fields', () => {
  expect(
    messages({
      'a.md': template({ fields: '  note: { label: A note, type: text, required: false, source: member.shoeSize }' }),
    }),
  ).toEqual(['a.md: fields.note.source: "member.shoeSize" is not a known source (see README.md for the list)']);
  expect(
    messages({
      'b.md': template({ fields: '  note: { label: A note, type: date, required: false, source: member.fullName }' }),
    }),
  ).toEqual(['b.md: fields.note.source: a date field needs a date source, and "member.fullName" is not one']);
  expect(
    messages({
      'c.md': template({ fields: '  note: { label: A note, type: number, required: false, source: sar.dueOn }' }),
    }),
  ).toEqual(['c.md: fields.note.source: no source gives a number; leave the source out so the person types it']);
  expect(messages({ 'd.md': template({ fields: '  note: { label: A note, type: essay, required: maybe }' }) })).toEqual(
    [
      'd.md: fields.note.type: must be one of text, multiline, date, number',
      'd.md: fields.note.required: Invalid input: expected boolean, received string',
    ],
  );
  expect(
    messages({
      'e.md': template({ fields: '  Note: { label: A note, type: text, required: false }', body: '{{Note}}' }),
    }),
  ).toEqual([
    expect.stringMatching(/^e\.md: fields\.Note: a field name must be lower-case/),
    'e.md: line 17: {{Note}} is not declared under fields',
  ]);
  const header = template()
    .replace(
      '  sender_address: { label: Your postal address, type: multiline, required: true, source: member.address }\n',
      '',
    )
    .replace(
      'recipient_name: { label: Who the letter is to, type: text, required: true',
      'recipient_name: { label: Who the letter is to, type: text, required: false',
    );
  expect(messages({ 'f.md': header })).toEqual([
    'f.md: fields.sender_address: is missing (every letter declares sender_name, sender_address, recipient_name and recipient_address)',
    'f.md: fields.recipient_name.required: must be true (it is needed for the address blocks)',
  ]);
  expect(
    messages({
      'g.md': template({
        fields:
          '  note: { label: A note, type: text, required: false }\n  spare: { label: Spare, type: text, required: false }',
      }),
    }),
  ).toEqual(['g.md: fields.spare: is declared but not used in the subject or the letter text']);
});

test('text problems: parse errors and undeclared names by file line; triple braces, partials and helpers refused', () => {
  // The letter text starts on line 15 of these files; `body` replaces line 17, after a line using {{note}}.
  const at = (body: string) => messages({ 'x.md': template({ body: `{{note}}\n${body}` }) });
  expect(at('{{#if note}}never closed')).toEqual([
    expect.stringMatching(
      /^x\.md: line 21: a \{\{#if\}\} or \{\{#unless\}\} block is not closed with \{\{\/if\}\} or \{\{\/unless\}\} \(near "\.\.\.Yours faithfully,"\)$/,
    ),
  ]);
  expect(at('{{#if note}}x{{/unless}}')).toEqual([
    'x.md: line 18: {{#if}} is closed with {{/unless}}: close it with {{/if}}',
  ]);
  expect(at('{{note}')).toEqual([expect.stringMatching(/^x\.md: line 18: a \{\{ is not closed with \}\}/)]);
  expect(at('Dear {{recipient_nmae}},')).toEqual(['x.md: line 18: {{recipient_nmae}} is not declared under fields']);
  expect(at('{{#if other}}x{{else}}{{#unless note}}{{deep}}{{/unless}}{{/if}}')).toEqual([
    'x.md: line 18: {{other}} is not declared under fields',
    'x.md: line 18: {{deep}} is not declared under fields',
  ]);
  expect(at('{{{note}}}')).toEqual([
    expect.stringMatching(/^x\.md: line 18: triple braces \{\{\{ \}\}\} and \{\{& \}\} are not allowed/),
  ]);
  expect(at('{{& note}}')).toEqual([expect.stringMatching(/triple braces/)]);
  expect(at('{{> footer}}')).toEqual(['x.md: line 18: partials ({{> name}}) are not allowed in letter templates']);
  expect(at('{{#each note}}x{{/each}}')).toEqual([
    expect.stringMatching(/"\{\{#each\}\}" is not allowed: only \{\{#if field\}\} and \{\{#unless field\}\}/),
  ]);
  expect(at('{{#with note}}x{{/with}}')).toEqual([expect.stringMatching(/"\{\{#with\}\}" is not allowed/)]);
  expect(at('{{lookup note "x"}}')).toEqual([expect.stringMatching(/calls a helper, which letters do not allow/)]);
  expect(at('{{log note}}')).toEqual([expect.stringMatching(/calls a helper/)]);
  expect(at('{{member.fullName}} {{../note}} {{@root.note}} {{this}}')).toEqual([
    expect.stringMatching(/"\{\{member\.fullName\}\}" is not a plain field name/),
    expect.stringMatching(/"\{\{\.\.\/note\}\}" is not a plain field name/),
    expect.stringMatching(/"\{\{@root\.note\}\}" is not a plain field name/),
    expect.stringMatching(/"\{\{this\}\}" is not a plain field name/),
  ]);
  expect(at('{{#if (lookup note "x")}}y{{/if}}')).toEqual([expect.stringMatching(/is not a field name/)]);
  expect(at('{{"literal"}}')).toEqual([expect.stringMatching(/is not a plain field name|is not a field name/)]);
  // Comments are fine.
  expect(at('{{! a note for editors }}')).toEqual([]);
});

test('subject problems name the subject line; a multiline field cannot go in the one-line subject', () => {
  const settings = (subject: string) =>
    `title: T\ndescription: d.\nsubject: "${subject}"\nevent: LETTER_SENT\nrecipient: NCC`;
  expect(messages({ 's.md': template({ settings: settings('About {{missing}}') }) })).toEqual([
    's.md: subject (line 4): {{missing}} is not declared under fields',
  ]);
  expect(messages({ 't.md': template({ settings: settings('From {{sender_address}}') }) })).toEqual([
    't.md: subject (line 4): {{sender_address}} is a multiline field, but the subject is one line',
  ]);
  expect(messages({ 'u.md': template({ settings: settings('{{{sender_name}}}') }) })).toEqual([
    expect.stringMatching(/^u\.md: subject \(line 4\): triple braces/),
  ]);
});

test('follows must name other templates; problems from several files are all reported, and the error lists them', () => {
  const follows = (list: string) =>
    template({
      settings: `title: T\ndescription: d.\nsubject: s\nevent: LETTER_SENT\nrecipient: ASK\nfollows: [${list}]`,
    });
  const { templates, problems } = load({
    'first.md': follows(''),
    'second.md': follows('first, ghost'),
    'third.md': follows('third'),
    'broken.md': template({ body: '{{{note}}}' }),
  });
  expect(templates.map((t) => t.key)).toEqual(['first']);
  const listed = problems.map((p) => `${p.file}: ${p.message}`);
  expect(listed).toEqual(
    expect.arrayContaining([
      'second.md: follows: there is no template "ghost" (expected a file ghost.md)',
      'third.md: follows: a letter cannot follow up itself',
      expect.stringMatching(/^broken\.md: line \d+: triple braces/),
    ]),
  );
  const error = new TemplateProblemsError(problems);
  expect(error.problems).toBe(problems);
  expect(error.message).toMatch(/^Letter templates have 3 problems:/);
  for (const line of listed) expect(error.message).toContain(`- ${line}`);
  // A folder that cannot be read is a problem too, not a crash.
  expect(loadTemplates(path.join(os.tmpdir(), 'no-such-folder-reinstate')).problems).toEqual([
    { file: expect.stringContaining('no-such-folder'), message: 'the letter templates folder cannot be read' },
  ]);
});

import { DEMO_STAFF_CASE_COUNT } from '@/lib/seed/demo-staff-cases';
import { db } from '@/lib/db/client';
import { DEMO_GROUP_CASE_COUNT } from '@/lib/seed/demo-groups';
import { DEMO_CASES, DEMO_USERS, seedDemo } from '@/lib/seed/demo-seed';
import { seedDemoDeadlines } from '@/lib/seed/demo-evidence';
import { getTemplates, type LetterTemplate } from '@/lib/letters/templates';
import { buildLetterContext, fieldValuesSchema, missingFields, prefillFields } from '@/lib/letters/context';
import { letterPlainText, renderDraft, renderLetterDocx, renderLetterPdf } from '@/lib/letters/render';
import { formatUkDay } from '@/lib/letters/uk-date';
import { docxRawText, docxText, expectCleanPdf, pdfBodySquashed, pdfText, squash } from './letter-files';

// Every shipped template, filled from every demo case, to a PDF and a DOCX: the PDF passes
// `qpdf --check` and reads back with the filled values; the DOCX opens and holds the same text.
// seedDemo needs an empty database, which each test file has with the embedded engine only.
const describeEmpty = process.env.DATABASE_URL ? describe.skip : describe;

type DemoCase = { id: string; reference: string; fullName: string; sarDeadlineId: string | null };
const demoCases = new Map<string, DemoCase>();
let coordinator: { id: string; role: 'COORDINATOR' };

/** What a person would type for a required field the case does not fill. */
const typed = (t: LetterTemplate, name: string, type: string) =>
  type === 'date'
    ? '2025-06-02'
    : type === 'number'
      ? '14'
      : type === 'multiline'
        ? `Typed ${name} for ${t.key}\nsecond line`
        : `Typed ${name}`;

describeEmpty('letters from the demo cases', () => {
  beforeAll(async () => {
    expect(await db.user.count()).toBe(0);
    await seedDemo();
    await seedDemoDeadlines();
    const user = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.coordinator.email } });
    coordinator = { id: user.id, role: 'COORDINATOR' };
    for (const c of await db.case.findMany({
      select: {
        id: true,
        reference: true,
        person: { select: { fullName: true } },
        deadlines: { where: { kind: 'SAR_REPLY' }, orderBy: { dueOn: 'desc' }, select: { id: true } },
      },
    })) {
      demoCases.set(c.person.fullName, {
        id: c.id,
        reference: c.reference,
        fullName: c.person.fullName,
        sarDeadlineId: c.deadlines[0]?.id ?? null,
      });
    }
    expect(demoCases.size).toBe(DEMO_CASES.length + DEMO_GROUP_CASE_COUNT + DEMO_STAFF_CASE_COUNT);
  }, 120_000);

  const combos = DEMO_CASES.flatMap((spec) => getTemplates().map((t) => [spec.person.fullName, t.key] as const));

  test.each(combos)('%s: %s', async (name, key) => {
    const kase = demoCases.get(name)!;
    const t = getTemplates().find((x) => x.key === key)!;
    const context = await db.$transaction((tx) =>
      buildLetterContext(tx, {
        caseId: kase.id,
        actor: coordinator,
        templateKey: key,
        deadlineId: key === 'chaser' ? (kase.sarDeadlineId ?? undefined) : undefined,
        today: '2026-01-15',
      }),
    );
    expect(context['member.fullName']).toBe(name);

    // Fill what the case does not hold, as the person would, then check it like the form does.
    const values = prefillFields(t, context);
    for (const f of missingFields(t, values)) values[f.name] = typed(t, f.name, f.type);
    expect(missingFields(t, values)).toEqual([]);
    const parsed = fieldValuesSchema(t).parse(values);
    const doc = renderDraft(t, parsed, { date: '2026-01-15', reference: kase.reference });
    const text = letterPlainText(doc);

    // Every value filled in (from the case or typed) is in the letter, dates in UK form.
    for (const f of t.fields) {
      const v = parsed[f.name]!;
      if (!v) continue;
      for (const line of (f.type === 'date' ? formatUkDay(v) : v).split('\n')) expect(text).toContain(line);
    }
    expect(text).toContain(name);
    expect(text).toContain(`Reference: ${kase.reference}`);
    expect(text).toContain('15 Jan 2026');
    expect(text).not.toMatch(/\{\{|\}\}/);
    // Values that came from the case, not typed: the body's address block and the sanction's wording.
    if (context['recipient.address']) expect(doc.recipientAddress).toBe(context['recipient.address']);
    if (t.fields.some((f) => f.source === 'sanction.reasonText'))
      expect(text).toContain(context['sanction.reasonText']!);

    const pdf = await renderLetterPdf(doc);
    expectCleanPdf(pdf);
    const printed = pdfText(pdf);
    expect(printed).toContain(name);
    expect(pdfBodySquashed(printed)).toBe(squash(text));

    const docx = await renderLetterDocx(doc);
    expect(await docxText(docx)).toBe(text);
    expect(squash(await docxRawText(docx))).toBe(squash(text));
  });

  test('the context fills what the demo data holds: bodies, sanctions, deadlines', async () => {
    const margaret = demoCases.get('Margaret Hollins')!;
    const c = await db.$transaction((tx) =>
      buildLetterContext(tx, { caseId: margaret.id, actor: coordinator, templateKey: 'request-for-particulars' }),
    );
    expect(c).toMatchObject({
      'sanction.type': 'administrative suspension',
      'sanction.imposedOn': '8 Oct 2024',
      'sanction.imposedBy': 'General Secretary',
      'member.branch': 'Thornwick East',
      'member.region': 'Yorkshire and the Humber',
      'member.membershipNumber': 'L0482913',
      'recipient.name': 'Governance and Legal Unit',
      'recipient.address': 'The Party\n1 Example Street\nLondon SE1 7XX',
      'sar.sentOn': '10 Mar 2025',
      'sar.dueOn': '10 Apr 2025',
      'member.address': null,
      'caseworker.name': DEMO_USERS.coordinator.name,
    });
    expect(c['sanction.reasonText']).toMatch(/^"You have been administratively suspended/);

    // Eileen's SAR of 22 Apr 2024 was never answered: the chaser takes the overdue deadline.
    const eileen = demoCases.get('Eileen Brodie')!;
    const chaser = await db.$transaction((tx) =>
      buildLetterContext(tx, {
        caseId: eileen.id,
        actor: coordinator,
        templateKey: 'chaser',
        deadlineId: eileen.sarDeadlineId!,
      }),
    );
    expect(chaser).toMatchObject({
      'deadline.dueOn': '22 May 2024',
      'sar.sentOn': '22 Apr 2024',
      'member.email': null,
      'member.membershipNumber': null,
    });

    // The demo member sees their case without the caseworker's private note, and their caseworker's name.
    const peter = await db.user.findUniqueOrThrow({ where: { email: DEMO_USERS.member.email } });
    const own = [...demoCases.values()].find((d) => d.fullName === DEMO_USERS.member.name)!;
    const mine = await db.$transaction((tx) =>
      buildLetterContext(tx, {
        caseId: own.id,
        actor: { id: peter.id, role: 'MEMBER' },
        templateKey: 'form-of-authority',
      }),
    );
    expect(mine).toMatchObject({
      'caseworker.name': DEMO_USERS.caseworker.name,
      'sar.sentOn': '20 Aug 2025',
      'sanction.imposedOn': 'Jun 2025',
    });
  });
});

import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { searchCases } from '@/lib/search/search-cases';
import { searchInputSchema } from '@/lib/search/schemas';
import { captureEvidence } from '@/lib/evidence/evidence-services';
import { captureEvidenceSchema } from '@/lib/evidence/schemas';
import type { Actor } from '@/lib/auth/policy';
import { ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// Search on whichever engine the run uses (PGlite by default, PostgreSQL with DATABASE_URL): stemming, accents,
// names with typos, and scope — every reader finds exactly what their pages show them. Every test searches for a
// word made for it, so other files' rows in a shared database never change what it finds.

const letters = (n: number) =>
  Array.from(crypto.randomBytes(n), (b) => 'bcdfghjklmnpqrstvwxz'[b % 20]! + 'aeiou'[b % 5]!).join('');
const token = () => `tok${letters(4)}`;

const search = (actor: Actor, q: string, page = 1) => searchCases(actor, searchInputSchema.parse({ q, page }), ctx);
const text = (result: Awaited<ReturnType<typeof search>>) => JSON.stringify(result);
const refs = (result: Awaited<ReturnType<typeof search>>) => result.cases.map((c) => c.reference).sort();

async function addEntry(caseId: string, by: TestUser, title: string, details: string | null, hidden = false) {
  return db.timelineEvent.create({
    data: {
      caseId,
      createdById: by.id,
      type: 'NOTE',
      occurredOn: new Date('2021-04-01'),
      datePrecision: 'DAY',
      title,
      details,
      visibility: hidden ? 'CASEWORKERS' : 'SHARED',
    },
  });
}

async function addLetter(caseId: string, by: TestUser, title: string, body: string, hidden = false) {
  const event = await addEntry(caseId, by, title, null, hidden);
  return db.letter.create({
    data: {
      caseId,
      eventId: event.id,
      templateKey: 'sar',
      title,
      recipient: 'Governance and Legal Unit',
      body,
      document: {},
      sentOn: new Date('2021-04-02'),
      textSha256: 'x',
      pdfStorageKey: `search-test/${crypto.randomUUID()}`,
      pdfWrappedKey: 'x',
      pdfSha256: 'x',
      pdfSizeBytes: 1,
      createdById: by.id,
    },
  });
}

async function capture(actor: Actor, caseId: string, title: string, words: string, hidden = false) {
  const input = captureEvidenceSchema.parse({
    caseId,
    url: 'https://social.example/post/1',
    text: words,
    seenOn: { precision: 'MONTH', year: '2021', month: '3' },
    title,
    kind: 'SOCIAL_POST',
    caseworkersOnly: hidden,
  });
  return captureEvidence(actor, input, ctx);
}

describe('words', () => {
  test('English stemming: "suspend" finds "suspended", "motions" finds "motion"', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, member } = await makeCase();
    await addEntry(
      kase.id,
      member!,
      `Letter from the party ${t}`,
      'I was suspended for allowing a debate on a motion.',
    );
    const suspend = await search(coordinator, `suspend ${t}`);
    expect(refs(suspend)).toEqual([kase.reference]);
    const hit = suspend.cases[0]!.hits[0]!;
    expect(hit.where).toBe('Timeline entry');
    expect(hit.snippet!.filter((s) => s.mark).map((s) => s.text)).toContain('suspended');
    expect(refs(await search(coordinator, `motions ${t}`))).toEqual([kase.reference]);
    // Words that are not there find nothing.
    expect(refs(await search(coordinator, `expelled ${t}`))).toEqual([]);
  });

  test('accents are ignored both ways, and the snippet shows the words as written', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, member } = await makeCase();
    await addEntry(kase.id, member!, `Meeting at the café ${t}`, 'Zoë Ćwiklińska chaired the branch meeting.');
    const plain = await search(coordinator, `cafe zoe cwiklinska ${t}`);
    expect(refs(plain)).toEqual([kase.reference]);
    const marked = plain.cases[0]!.hits[0]!;
    expect(marked.title!.filter((s) => s.mark).map((s) => s.text)).toEqual(['café', t]);
    expect(marked.snippet!.filter((s) => s.mark).map((s) => s.text)).toEqual(['Zoë', 'Ćwiklińska']);
    const { kase: other, member: otherMember } = await makeCase();
    await addEntry(other.id, otherMember!, `Resume of the hearing ${t}x`, null);
    expect(refs(await search(coordinator, `résumé ${t}x`))).toEqual([other.reference]);
  });

  test('names with typos and without accents are found by likeness; references by part', async () => {
    const surname = `Qu${letters(4)}`;
    const first = 'Bartholomew';
    const member = await makeUser('MEMBER');
    await db.user.update({ where: { id: member.id }, data: { name: `${first} Ó${surname}` } });
    const { kase } = await makeCase({ member: { ...member, name: `${first} Ó${surname}` } });
    const coordinator = await makeUser('COORDINATOR');
    // One letter wrong in each name, the accent left out.
    const typo = `Bartholemew O${surname.slice(0, -1)}${surname.endsWith('a') ? 'e' : 'a'}`;
    const byName = await search(coordinator, typo);
    const found = byName.cases.find((c) => c.reference === kase.reference);
    expect(found).toBeDefined();
    expect(found!.hits.map((h) => h.where)).toContain('Member’s name');
    expect(found!.memberName).toBe(`${first} Ó${surname}`);

    const [, year, number] = kase.reference.split('-'); // RS-2026-0042
    const byRef = await search(coordinator, kase.reference.toLowerCase());
    expect(byRef.cases[0]!.reference).toBe(kase.reference); // the exact reference comes first
    expect(byRef.cases[0]!.hits[0]!.snippet!.filter((s) => s.mark).map((s) => s.text)).toEqual([kase.reference]);
    for (const part of [number!, `${year}-${Number(number)}`])
      expect((await search(coordinator, part)).cases.map((c) => c.reference)).toContain(kase.reference);
    // A name spelled right is a word of the case, found without the slower likeness search.
    expect((await search(coordinator, `Ó${surname}`)).cases.map((c) => c.reference)).toContain(kase.reference);
  });

  test('a member’s new name is found on their cases at once', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, person } = await makeCase();
    await db.person.update({
      where: { id: person.id },
      data: { fullName: `Rosalind ${t}`, membershipNumber: `L${t}` },
    });
    const byName = await search(coordinator, `rosalind ${t}`);
    expect(refs(byName)).toEqual([kase.reference]);
    const byNumber = await search(coordinator, `L${t}`);
    expect(refs(byNumber)).toEqual([kase.reference]);
    // Where the match is: the name or the number, its words marked (not the case's summary, which lacks them).
    const marked = (r: typeof byName) =>
      r.cases[0]!.hits.map((h) => [h.where, (h.snippet ?? []).filter((x) => x.mark).map((x) => x.text)]);
    expect(marked(byName)).toEqual([['Member’s name', ['Rosalind', t]]]);
    expect(marked(byNumber)).toEqual([['Membership number', [`L${t}`]]]);
  });

  test('a word of the summary and a name in one case: the summary is where the match is', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, person } = await makeCase();
    await db.person.update({ where: { id: person.id }, data: { fullName: `Ottoline ${t}` } });
    await db.case.update({ where: { id: kase.id }, data: { summary: `Wrote to ${t} about the hearing date.` } });
    const hits = (await search(coordinator, t)).cases[0]!.hits;
    expect(hits.map((h) => h.where)).toEqual(['Case details']);
    expect(hits[0]!.snippet!.filter((x) => x.mark).map((x) => x.text)).toEqual([t]);
  });

  test('captured text of a post, evidence titles, letters and a sanction’s stated reason are searched', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, member } = await makeCase();
    await capture(
      member!,
      kase.id,
      `Screenshot of the post ${t}`,
      `Good luck to our MP ${t}-post, who has lost the whip.`,
    );
    await addLetter(kase.id, member!, 'Subject access request', `Dear Sir, I ask for all data about me. ${t}letter`);
    await db.sanction.create({
      data: { caseId: kase.id, type: 'EXPULSION', reasonText: `"...conduct prejudicial to the Party" ${t}reason` },
    });
    const post = await search(coordinator, `lost whip ${t}-post`);
    expect(post.cases[0]!.hits[0]).toMatchObject({ kind: 'EVIDENCE', where: 'Evidence E1', tab: 'evidence' });
    const letter = await search(coordinator, `${t}letter`);
    expect(letter.cases[0]!.hits[0]).toMatchObject({ kind: 'LETTER', where: 'Letter', tab: 'letters' });
    const reason = await search(coordinator, `prejudicial ${t}reason`);
    expect(reason.cases[0]!.hits[0]).toMatchObject({ kind: 'SANCTION', tab: 'details' });
    expect(refs(letter)).toEqual([kase.reference]);
  });

  test('deleted entries and removed evidence are not found', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, member } = await makeCase();
    const entry = await addEntry(kase.id, member!, `Gone ${t}`, null);
    const item = await capture(member!, kase.id, `Removed ${t}`, 'words');
    expect(refs(await search(coordinator, t))).toEqual([kase.reference]);
    await db.timelineEvent.update({ where: { id: entry.id }, data: { deletedAt: new Date() } });
    await db.evidence.update({ where: { id: item.id }, data: { deletedAt: new Date() } });
    expect(refs(await search(coordinator, t))).toEqual([]);
  });

  test('what a person typed is text: HTML and search syntax are neither markup nor errors', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, member } = await makeCase();
    await addEntry(kase.id, member!, `<img src=x onerror=alert(1)> ${t}`, `<script>alert("${t}")</script>`);
    const found = await search(coordinator, t);
    expect(refs(found)).toEqual([kase.reference]);
    for (const q of [`"${t}`, `${t} OR`, `${t} -${t}x`, `!!(${t}`, `%_\\ ${t}`, `' ; DROP TABLE "Case" --`]) {
      await expect(search(coordinator, q)).resolves.toBeDefined();
    }
    expect(await db.case.count({ where: { id: kase.id } })).toBe(1);
  });

  test('words that only leave things out: the box asks for a word, and the statement reads no index for them', async () => {
    const issue = (q: string) => searchInputSchema.safeParse({ q }).error?.issues[0]?.message;
    for (const q of ['-motion', '- motion', '-motion -chair', '-"branch meeting"', 'or -motion'])
      expect(issue(q)).toMatch(/Add a word to look for/);
    for (const q of ['motion -chair', 'Smith-Jones', '"branch -meeting"', 'RS-2026-0042'])
      expect(issue(q)).toBeUndefined();
    // A stop word and a left-out word pass the box; such a query finds nothing, not every case without the word.
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const { kase, member } = await makeCase();
    await addEntry(kase.id, member!, `Entry ${t}`, null);
    await makeCase();
    expect(await search(coordinator, `the -${t}`)).toMatchObject({ caseCount: 0, cases: [] });
    expect(refs(await search(coordinator, `${t} -zzzqqq`))).toEqual([kase.reference]);
  });
});

describe('scope: each reader finds what their pages show them', () => {
  async function world() {
    const t = token();
    const caseworker = await makeUser('CASEWORKER');
    const { kase: mine, member } = await makeCase({ caseworker });
    const { kase: others, member: otherMember } = await makeCase();
    await addEntry(mine.id, member!, `Shared entry ${t}`, `sharedmarker${t}`);
    await addEntry(mine.id, caseworker, `Note ${t}`, `hiddenentry${t}`, true);
    await addEntry(mine.id, caseworker, `hiddentitle${t}`, null, true);
    await capture(caseworker, mine.id, `Leaked document ${t}`, `hiddencapture${t}`, true);
    await addLetter(mine.id, member!, `Appeal ${t}`, `sharedletter${t}`);
    await addLetter(mine.id, caseworker, `Draft to the NCC ${t}`, `hiddenletter${t}`, true);
    await addEntry(others.id, otherMember!, `Someone else ${t}`, `otherscase${t}`);
    const hidden = [`hiddenentry${t}`, `hiddentitle${t}`, `hiddencapture${t}`, `hiddenletter${t}`];
    return { t, caseworker, member: member!, otherMember: otherMember!, mine, others, hidden };
  }

  test('a member finds their own case, and never caseworker-only text, by any word', async () => {
    const w = await world();
    const found = await search(w.member, w.t);
    expect(refs(found)).toEqual([w.mine.reference]);
    expect(text(found)).toContain(`sharedmarker${w.t}`);
    expect(text(found)).not.toContain('otherscase');
    for (const marker of w.hidden) {
      expect(text(found)).not.toContain(marker);
      expect((await search(w.member, marker)).cases).toEqual([]);
    }
    // Every match shown is one of theirs, and the count says no more than they may see.
    expect(found.caseCount).toBe(1);
    const all = found.cases[0]!.hits.length + found.cases[0]!.moreHits;
    expect(all).toBe(3); // the shared entry, the shared letter and its "letter sent" entry
    expect((await search(w.otherMember, w.t)).cases.map((c) => c.reference)).toEqual([w.others.reference]);
  });

  test('a caseworker finds their assigned cases with caseworker-only text, and nobody else’s', async () => {
    const w = await world();
    const found = await search(w.caseworker, w.t);
    expect(refs(found)).toEqual([w.mine.reference]);
    for (const marker of w.hidden) expect(refs(await search(w.caseworker, marker))).toEqual([w.mine.reference]);
    expect((await search(w.caseworker, `otherscase${w.t}`)).cases).toEqual([]);
    // Assignment ended, or the member withdrew consent: nothing.
    await db.case.update({ where: { id: w.mine.id }, data: { consentWithdrawnAt: new Date() } });
    expect((await search(w.caseworker, w.t)).cases).toEqual([]);
    await db.case.update({ where: { id: w.mine.id }, data: { consentWithdrawnAt: null } });
    await db.assignment.updateMany({ where: { caseId: w.mine.id }, data: { endedAt: new Date() } });
    expect((await search(w.caseworker, w.t)).cases).toEqual([]);
  });

  test('a coordinator finds every case, caseworker-only text included', async () => {
    const w = await world();
    const coordinator = await makeUser('COORDINATOR');
    expect(refs(await search(coordinator, w.t))).toEqual([w.mine.reference, w.others.reference].sort());
    for (const marker of w.hidden) expect(refs(await search(coordinator, marker))).toEqual([w.mine.reference]);
  });

  test('a search is audited: one staff-only row for it and one per case shown, never the words', async () => {
    const w = await world();
    const before = new Date(Date.now() - 1000);
    await search(w.member, w.t);
    const rows = await db.auditLog.findMany({
      where: { actorId: w.member.id, createdAt: { gte: before } },
      select: { action: true, caseId: true, memberVisible: true, fields: true },
      orderBy: { action: 'asc' },
    });
    expect(rows).toEqual([
      { action: 'case.search', caseId: w.mine.id, memberVisible: false, fields: [] },
      { action: 'search.run', caseId: null, memberVisible: false, fields: ['cases:1'] },
    ]);
    expect(JSON.stringify(rows)).not.toContain(w.t);
  });
});

describe('the search box', () => {
  test('too short, too long or unstorable input gets a message, not an error', () => {
    const issue = (q: string) => searchInputSchema.safeParse({ q }).error?.issues[0]?.message;
    expect(issue(' a ')).toMatch(/at least 2/);
    expect(issue('x'.repeat(201))).toMatch(/under 200/);
    expect(issue('a\u0000b')).toMatch(/unusual characters/);
    expect(searchInputSchema.parse({ q: ' motion ', page: 'x' })).toEqual({ q: 'motion', page: 1 });
  });

  test('results come a page of 20 cases at a time, best first', async () => {
    const t = token();
    const coordinator = await makeUser('COORDINATOR');
    const made = [];
    for (let i = 0; i < 21; i++) {
      const { kase, member } = await makeCase();
      await addEntry(kase.id, member!, i === 20 ? `${t} ${t} best` : `Entry ${t}`, null);
      made.push(kase.reference);
    }
    const first = await search(coordinator, t);
    expect(first).toMatchObject({ caseCount: 21, pageCount: 2 });
    expect(first.cases).toHaveLength(20);
    // The entry with the word twice ranks its case first.
    expect(first.cases[0]!.reference).toBe(made[20]);
    const second = await search(coordinator, t, 2);
    expect(second.cases).toHaveLength(1);
    expect([...first.cases, ...second.cases].map((c) => c.reference).sort()).toEqual(made.sort());
  });
});

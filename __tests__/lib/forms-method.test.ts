import fs from 'node:fs';
import path from 'node:path';

// A form handled by script (react-hook-form and a server action) is still a plain HTML form until React
// has hydrated it. Pressed before that (a slow phone, a script that failed to load), the browser submits it
// itself: with no method that is a GET, which puts everything typed (a timeline entry, the reason for a
// suspension, an erasure request) in the address, the browser's history and the server's access logs.
// Every <form> in the app therefore says its method (or has an action): POST for those, GET only for
// searches and filters.

const roots = ['app', 'lib'];

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(p);
    else if (p.endsWith('.tsx')) yield p;
  }
}

/** The opening tag that starts at `from`: up to the first `>` outside quotes and JSX braces. */
function openingTag(text: string, from: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '"' || c === "'" || (depth > 0 && c === '`')) quote = c;
    else if (c === '>' && depth === 0) return text.slice(from, i + 1);
  }
  throw new Error(`No end to the tag at ${from}`);
}

function formTags(): { file: string; tag: string }[] {
  const found: { file: string; tag: string }[] = [];
  for (const root of roots)
    for (const file of sources(root)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/<form(?=[\s>])/g)) found.push({ file, tag: openingTag(text, m.index) });
    }
  return found;
}

test('the tag reader finds the end of a tag whose attributes hold arrow functions and quotes', () => {
  const text = `<form onSubmit={(ev) => { go(ev, '>'); }} aria-label="a > b" method="post">x</form>`;
  expect(openingTag(text, 0)).toBe(text.slice(0, text.indexOf('>x') + 1));
});

test('every form says how it is sent, and a form that sends what was typed never sends it in the address', () => {
  const tags = formTags();
  expect(tags.length).toBeGreaterThan(40);
  const unsaid = tags.filter((t) => !/\s(method|action)=/.test(t.tag)).map((t) => `${t.file}: ${t.tag.slice(0, 80)}`);
  expect(unsaid).toEqual([]);
  // GET only for searches and filters (role="search", or a label or handler that says it filters).
  const gets = tags.filter((t) => /method="get"/i.test(t.tag));
  const notSearch = gets.filter((t) => !/role="search"|[Ff]ilter/.test(t.tag)).map((t) => `${t.file}: ${t.tag}`);
  expect(notSearch).toEqual([]);
});

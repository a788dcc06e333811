import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { parseDocument, DomUtils } from 'htmlparser2';
import { latin1, optionsMaker } from '@/lib/ui/markup';

// The filter lists are written as HTML strings once per list (issue 11, point 6): they must be exactly
// what React writes for the same <select defaultValue> with <option> elements, escaping included, but for the
// options' end tags, which the lists leave out (HTML allows it; the browser journeys choose from these lists).
const optionsHtml = optionsMaker();
const tricky = [
  { value: 'b1', label: 'Ashby North' },
  { value: 'b2', label: '<script>alert("x")</script> & Co' },
  { value: 'b"3', label: 'O\'Brien\'s "branch" > others' },
  { value: 'b4', label: '<img src=x onerror=alert(1)>' },
];
const reactInner = (choices: { value: string; label: string }[], selected: string) => {
  const html = renderToStaticMarkup(
    createElement(
      'select',
      { defaultValue: selected },
      createElement('option', { value: '' }, 'Any'),
      ...choices.map((c) => createElement('option', { key: c.value, value: c.value }, c.label)),
    ),
  );
  return html
    .replace(/^<select>/, '')
    .replace(/<\/select>$/, '')
    .replaceAll('</option>', '');
};

test.each(['', 'b1', 'b2', 'b"3', 'b4'])('the same HTML as React, with %p chosen', (selected) => {
  const source = {};
  expect(optionsHtml(source, () => tricky, selected)).toBe(reactInner(tricky, selected));
  expect(optionsHtml(source, () => tricky, selected)).not.toMatch(/<script|<img/);
});

test('a value that is not in the list chooses "Any", as the browser does', () => {
  const source = {};
  expect(optionsHtml(source, () => tricky, 'no-such-branch')).toBe(reactInner(tricky, ''));
});

test('a list is made once per source: a refreshed list (a new array) is made again', () => {
  let calls = 0;
  const source = {};
  const make = () => (calls++, tricky);
  optionsHtml(source, make, 'b1');
  optionsHtml(source, make, 'b2');
  expect(calls).toBe(1);
  expect(optionsHtml({}, () => [{ value: 'n', label: 'New branch' }], '')).toContain('New branch');
});

test('each maker keeps its own lists: two forms may list one source in different orders', () => {
  const source = {};
  const first = optionsMaker();
  const second = optionsMaker();
  expect(first(source, () => tricky, '')).toBe(reactInner(tricky, ''));
  const reversed = [...tricky].reverse();
  expect(second(source, () => reversed, 'b4')).toBe(reactInner(reversed, 'b4'));
});

test('latin1: every character above U+00FF becomes a reference that reads back as the same text', () => {
  const text = 'Łucja Żak – “Kraków” branch… 🙂 café, Zoë & <b>';
  const html = `<p title="${text.replaceAll('"', '&quot;').replaceAll('<', '&lt;')}">${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</p>`;
  const out = latin1(html);
  expect(out).toMatch(/^[\x00-\xff]*$/);
  expect(out).toContain('caf\u00e9, Zo\u00eb'); // Latin-1 letters stay as they are
  expect(out).toContain('&#128578;'); // one reference for a character outside the BMP, not two halves
  const p = parseDocument(out).children[0] as Parameters<typeof DomUtils.textContent>[0] & {
    attribs: Record<string, string>;
  };
  expect(DomUtils.textContent(p)).toBe(text);
  expect(p.attribs.title).toBe(text);
});

test('latin1: an option list with a branch named in another alphabet is one-byte and keeps its choice', () => {
  const source = {};
  const list = optionsHtml(source, () => [{ value: 'b-ł', label: 'Łódź – centre' }], 'b-ł');
  expect(list).toMatch(/^[\x00-\xff]*$/);
  expect(list).toContain('selected=""');
  expect(DomUtils.textContent(parseDocument(list))).toBe('AnyŁódź – centre');
});

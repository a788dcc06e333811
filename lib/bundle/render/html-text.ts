// An email's HTML as plain text, for evidence: the words a person saw, never the markup run.
// html-to-text (htmlparser2 underneath, a streaming tokenizer: linear on hostile input) does the parsing
// and decoding of character references; the options below keep what matters for evidence: a link's
// address when it is not already the text shown (only http(s) and mailto), an image's alt text, lists
// as bullets, no wrapping, no capitals added to headings. Scripts, styles and the like are dropped.
import { convert, type HtmlToTextOptions, type SelectorDefinition } from 'html-to-text';

const DROPPED = [
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'iframe',
  'object',
  'svg',
  'math',
  'select',
  'textarea',
];
const BLOCKS = [
  'div',
  'section',
  'article',
  'header',
  'footer',
  'address',
  'form',
  'fieldset',
  'center',
  'main',
  'nav',
  'aside',
  'figure',
  'figcaption',
  'dl',
  'dt',
  'dd',
];
const PARAGRAPHS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

const selectors: SelectorDefinition[] = [
  ...DROPPED.map((selector) => ({ selector, format: 'skip' })),
  ...BLOCKS.map((selector) => ({ selector, format: 'block' })),
  ...PARAGRAPHS.map((selector) => ({
    selector,
    format: 'block',
    options: { leadingLineBreaks: 2, trailingLineBreaks: 2 },
  })),
  { selector: 'a', format: 'evidenceLink' },
  { selector: 'img', format: 'evidenceImage' },
  { selector: 'ul', options: { itemPrefix: '• ' } },
  { selector: 'hr', format: 'horizontalLine', options: { length: 10 } },
  { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false, maxColumnWidth: 60 } },
];

const options: HtmlToTextOptions = {
  wordwrap: false,
  decodeEntities: true,
  preserveNewlines: false,
  selectors,
  formatters: {
    // The address a link pointed to is part of the evidence when it is not already the text shown.
    evidenceLink: (elem, walk, builder) => {
      const raw = typeof elem.attribs?.href === 'string' ? elem.attribs.href.trim() : '';
      const href = /^(https?:|mailto:)/i.test(raw) ? raw : '';
      walk(elem.children, builder);
      if (href) {
        const shown = textOf(elem).trim();
        if (shown && !shown.includes(href.replace(/^mailto:/i, '')))
          builder.addInline(` (${href})`, { noWordTransform: true });
      }
    },
    evidenceImage: (elem, _walk, builder) => {
      const alt = typeof elem.attribs?.alt === 'string' ? elem.attribs.alt.trim() : '';
      if (alt) builder.addInline(`[image: ${alt}]`, { noWordTransform: true });
    },
  },
};

type Node = { type?: string; data?: string; children?: Node[] };

/** The text inside an element, for comparing a link's text with its address. */
function textOf(node: Node): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textOf).join('');
}

export function htmlToText(html: string): string {
  return convert(html, options)
    .replace(/\u00A0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

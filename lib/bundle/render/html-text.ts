// An email's HTML as plain text, for evidence: the words a person saw, never the markup run.
// A single forward scan (no backtracking regular expressions over the whole body, so a hostile
// message cannot make it slow): comments and the contents of script, style, head and similar
// elements are dropped, block elements become line breaks, every other tag is removed, and
// character references are decoded into text (which pdfkit then writes literally).

const DROP_CONTENT = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'select', 'textarea']);
const BREAK = new Set(['br', 'p', 'div', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'section', 'article', 'header', 'footer', 'address', 'hr', 'form', 'fieldset', 'center', 'main', 'nav', 'aside', 'figure', 'figcaption']);
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'blockquote', 'ul', 'ol', 'pre', 'hr']);
const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0', ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’',
  ldquo: '“', rdquo: '”', sbquo: '‚', bdquo: '„', pound: '£', euro: '€', cent: '¢', yen: '¥', copy: '©', reg: '®', trade: '™', bull: '•',
  middot: '·', laquo: '«', raquo: '»', shy: '', deg: '°', times: '×', divide: '÷', para: '¶', sect: '§', iexcl: '¡', iquest: '¿',
  zwnj: '', zwj: '', lrm: '', rlm: '', ensp: ' ', emsp: ' ', thinsp: ' ', frac12: '½', frac14: '¼', frac34: '¾', plusmn: '±',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (match, body: string) => {
    if (body[0] !== '#') return ENTITIES[body] ?? ENTITIES[body.toLowerCase()] ?? match;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
    return String.fromCodePoint(code);
  });
}

/** The end of the tag starting at `lt` (index of its ">"), skipping ">" inside quoted attribute values; -1 if unclosed. */
function tagEnd(html: string, lt: number): number {
  let quote = '';
  for (let i = lt + 1; i < html.length; i++) {
    const ch = html[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      // Only a quote that opens an attribute value (after "=") starts a quoted run.
      if (/=\s*$/.test(html.slice(Math.max(lt, i - 8), i))) quote = ch;
    } else if (ch === '>') {
      return i;
    }
  }
  return -1;
}

function hrefOf(tag: string): string | null {
  const m = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
  const href = decodeEntities((m?.[1] ?? m?.[2] ?? m?.[3] ?? '').trim());
  return /^(https?:|mailto:)/i.test(href) ? href : null;
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  let pre = 0;
  let link: { href: string; start: number } | null = null;
  const text = (raw: string) => {
    const decoded = decodeEntities(pre ? raw : raw.replace(/[ \t\r\n\f]+/g, ' '));
    if (decoded) out.push(decoded);
  };
  const lineBreak = (n: 1 | 2) => out.push(n === 2 ? '\n\n' : '\n');
  const closeTag = /<\/([a-zA-Z][a-zA-Z0-9-]*)/y;
  const openTag = /<([a-zA-Z][a-zA-Z0-9-]*)/y;

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    text(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    closeTag.lastIndex = lt;
    openTag.lastIndex = lt;
    const close = closeTag.exec(html);
    const open = close ? null : openTag.exec(html);
    if (!close && !open) {
      if (html[lt + 1] === '!' || html[lt + 1] === '?') {
        // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>: markup, not text.
        const end = html.indexOf('>', lt);
        i = end < 0 ? html.length : end + 1;
      } else {
        text('<'); // a "<" that starts no tag is text ("a < b")
        i = lt + 1;
      }
      continue;
    }
    const end = tagEnd(html, lt);
    if (end < 0) break; // an unclosed tag at the end: nothing after it is text
    const name = (close ?? open)![1]!.toLowerCase();
    const tag = html.slice(lt, end + 1);
    i = end + 1;
    if (open && DROP_CONTENT.has(name) && !tag.endsWith('/>')) {
      const closer = new RegExp(`</${name}[\\s/>]`, 'ig');
      closer.lastIndex = i;
      const m = closer.exec(html);
      if (!m) break; // unclosed: the rest is the element's content
      const after = html.indexOf('>', m.index);
      i = after < 0 ? html.length : after + 1;
      continue;
    }
    if (name === 'pre') pre = Math.max(0, pre + (open ? 1 : -1));
    if (name === 'a') {
      if (open) link = { href: hrefOf(tag) ?? '', start: out.length };
      else if (link) {
        const shown = out.slice(link.start).join('').trim();
        // The address a link pointed to is part of the evidence when it is not already the text shown.
        if (link.href && shown && !shown.includes(link.href.replace(/^mailto:/i, ''))) out.push(` (${link.href})`);
        link = null;
      }
      continue;
    }
    if (name === 'li' && open) {
      lineBreak(1);
      out.push('• ');
    } else if ((name === 'td' || name === 'th') && open) {
      out.push('  ');
    } else if (name === 'img' && open) {
      const alt = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
      const altText = (alt?.[1] ?? alt?.[2] ?? '').trim();
      if (altText) out.push(`[image: ${decodeEntities(altText)}]`);
    } else if (name === 'hr') {
      out.push('\n――――――――――\n');
    } else if (BREAK.has(name)) {
      lineBreak(PARAGRAPH.has(name) ? 2 : 1);
    }
  }

  return out
    .join('')
    .replace(/\u00A0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/g, '').replace(/^ (?=\S)/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

import { isStorableText } from './storable-text';

/**
 * Whether an address can be read at all: every path segment percent-decodes to text we can store,
 * and no query key or value holds such text. `/cases/%E0%A4%A` makes Next's router throw while
 * matching a dynamic route, which it answers with a bare 500; `?q=%00` reaches a query as U+0000.
 * Neither is ever a real link. (Query values are decoded the WHATWG way, which never throws: a
 * broken sequence becomes U+FFFD, which can be stored.)
 */
export function isReadableAddress(url: URL): boolean {
  for (const segment of url.pathname.split('/')) {
    try {
      if (!isStorableText(decodeURIComponent(segment))) return false;
    } catch {
      return false;
    }
  }
  for (const [k, v] of url.searchParams) if (!isStorableText(k) || !isStorableText(v)) return false;
  return true;
}

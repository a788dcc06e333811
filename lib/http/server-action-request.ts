import { isForeignOrigin } from './origin';

/**
 * A cheap look at a server-action POST (a request with a Next-Action header) before Next decodes
 * it. Next 16 answers each of these with a 500 (the action never runs, but the error is counted as
 * ours and logged as a crash): an Origin that is not ours ("Invalid Server Actions request"), a body
 * React cannot decode (not JSON, not an array of arguments, a "$" reference to a part that is not
 * there, "$n" that is not a number), and a body over the 1 MB limit. Refusing them here gives the
 * caller a 4xx that says what was wrong.
 *
 * What a real page sends: React's encodeReply() of the arguments as one JSON array, as text/plain,
 * when nothing needs a multipart body — and every action here takes one plain object (files go to
 * the evidence upload route, never to an action). So any other body type is refused (multipart
 * before this, in precheck.ts). Should an action ever take FormData, a File, a Map or a Set, allow
 * multipart there and check its parts here.
 */
/**
 * Next refuses more than 1 MiB (serverActions.bodySizeLimit) with a 500. React also refuses a reply
 * whose arrays add up to more than 1,000,000 slots, also a 500; a body of at most 1,000,000 bytes
 * cannot reach that (every slot costs at least a byte), so that is the limit here.
 */
export const ACTION_BODY_LIMIT = 1_000_000;
const MAX_DEPTH = 32;
/**
 * The "$" forms React writes inline in a single-part reply: an escaped "$" string, undefined,
 * ±Infinity, NaN, -0, a Date, a BigInt. Anything else after "$" points at another part of a
 * multipart body, which a text/plain body does not have.
 */
const INLINE_REFERENCE = /^\$(?:\$[\s\S]*|undefined|Infinity|-Infinity|NaN|-0|D[\s\S]*|n-?\d{1,299})$/;

export type Refusal = { status: 400 | 403 | 413 | 415; message: string };

export async function checkServerActionRequest(
  request: Request,
  appOrigin: string | undefined,
): Promise<Refusal | null> {
  if (isForeignOrigin(request, appOrigin))
    return { status: 403, message: 'This request came from another site and was refused.' };
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // Without a body type Next does not treat the POST as an action call (it renders the page).
  if (type === '') return null;
  if (type !== 'text/plain')
    return { status: 415, message: 'Send the action’s arguments as text/plain, as the page does.' };
  const declared = Number(request.headers.get('content-length'));
  if (declared > ACTION_BODY_LIMIT) return { status: 413, message: 'The request is too large.' };
  const body = await request.text();
  if (Buffer.byteLength(body) > ACTION_BODY_LIMIT) return { status: 413, message: 'The request is too large.' };
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    return { status: 400, message: 'The request could not be read.' };
  }
  if (!Array.isArray(args) || !isInlineReply(args)) return { status: 400, message: 'The request could not be read.' };
  return null;
}

/** Every "$" string is an inline form, and the nesting is no deeper than a form's. */
function isInlineReply(root: unknown[]): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.startsWith('$') && !INLINE_REFERENCE.test(v)) return false;
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return false;
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
    }
  }
  return true;
}

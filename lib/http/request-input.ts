import { getEnv } from '../env';
import { InvalidError, NotFoundError } from '../errors';
import { isForeignOrigin } from './origin';
import { UNSTORABLE_MESSAGE, isStorableText } from './storable-text';

/** For route handlers that change or produce something for the signed-in person: same origin only. */
export function refuseForeignOrigin(request: Request): void {
  if (isForeignOrigin(request, new URL(getEnv().APP_URL).origin))
    throw new InvalidError('This request came from another site and was refused.');
}

/**
 * A route handler's path parameters and query string, checked before anything reaches a query.
 * Next has already decoded the parameters; a parameter holding text that cannot be stored names
 * nothing we have (404, like any unknown id). A query value that cannot be stored is a field
 * error (422) on that parameter.
 */
export async function routeInput<P extends Record<string, string | string[]>>(
  request: Request,
  params: Promise<P> = Promise.resolve({} as P),
): Promise<P & { query: URLSearchParams }> {
  const values = await params;
  for (const v of Object.values(values)) {
    if (![v].flat().every(isStorableText)) throw new NotFoundError();
  }
  const query = new URL(request.url).searchParams;
  const bad = [...query]
    .filter(([k, v]) => !isStorableText(k) || !isStorableText(v))
    .map(([k]) => (isStorableText(k) ? k : '_form'));
  if (bad.length)
    throw new InvalidError(
      'This address contains characters we cannot read.',
      Object.fromEntries(bad.map((k) => [k, UNSTORABLE_MESSAGE])),
    );
  return { ...values, query };
}

/**
 * A header that carries percent-encoded text as data (the upload's X-File-Name, encoded by the
 * page with encodeURIComponent): decoded, or a field error on `field` when the encoding is broken
 * (decodeURIComponent would throw: a 500) or the text cannot be stored.
 */
export function decodeHeaderText(value: string | null, field: string, label: string): string {
  let text: string;
  try {
    text = decodeURIComponent(value ?? '');
  } catch {
    throw new InvalidError(`${label} could not be read. Please rename it and try again.`, {
      [field]: `${label} is not correctly encoded.`,
    });
  }
  if (!isStorableText(text)) throw new InvalidError(`${label}: ${UNSTORABLE_MESSAGE}`, { [field]: UNSTORABLE_MESSAGE });
  return text;
}

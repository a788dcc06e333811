import crypto from 'node:crypto';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getRequestContext, type RequestContext } from './auth/context';
import type { CurrentUser } from './auth/current-user';
import { ConflictError, InvalidError, NotFoundError, UnauthenticatedError, type ActionResult } from './errors';
import { findUnstorable, unstorableFieldErrors } from './http/storable-text';

export type AuthedContext = RequestContext & { user: CurrentUser };

/**
 * The schema each action validates with: tools generate input from it (the fuzz suite,
 * __tests__/e2e/fuzz.test.ts, fails for an action in the build without one). authedAction and
 * publicAction register theirs; an action made another way calls registerActionSchema.
 */
const actionSchemas = new WeakMap<object, z.ZodType>();
export const schemaOfAction = (action: unknown): z.ZodType | undefined =>
  typeof action === 'function' ? actionSchemas.get(action) : undefined;
export function registerActionSchema<F extends (...args: never[]) => unknown>(action: F, schema: z.ZodType): F {
  actionSchemas.set(action, schema);
  return action;
}

/** Turns zod issues into one message per field, keyed by dotted path. */
export function fieldErrorsFrom(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    if (issue.code === 'unrecognized_keys') {
      out._form ??= `These fields are not allowed here: ${issue.keys.join(', ')}`;
      continue;
    }
    out[key] ??= issue.message;
  }
  return out;
}

export function toActionError(err: unknown): Extract<ActionResult, { ok: false }> {
  if (err instanceof z.ZodError) {
    return {
      ok: false,
      code: 'invalid',
      error: 'Please check the highlighted fields.',
      fieldErrors: fieldErrorsFrom(err),
    };
  }
  if (err instanceof InvalidError)
    return { ok: false, code: 'invalid', error: err.message, fieldErrors: err.fieldErrors };
  if (err instanceof NotFoundError)
    return {
      ok: false,
      code: 'not_found',
      error: 'We could not find that. It may have been removed, or you may not have access to it.',
    };
  if (err instanceof ConflictError) return { ok: false, code: 'conflict', error: err.message };
  if (err instanceof UnauthenticatedError) return { ok: false, code: 'unauthenticated', error: err.message };
  const id = crypto.randomUUID().slice(0, 8);
  // Two requests that raced for the same row (a unique key, or a transaction the database could not
  // serialise): nothing was changed by the loser, and trying again is the answer. Logged, so a race a
  // service should have prevented with a lock is still seen.
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'P2002' || code === 'P2034') {
    console.warn(`[conflict ${id}]`, err instanceof Error ? err.message.split('\n').filter(Boolean).slice(-1)[0] : err);
    return {
      ok: false,
      code: 'conflict',
      error: 'Someone else changed this at the same moment, so nothing was changed. Please try again.',
    };
  }
  // A transaction that could not start, or ran out of time, while others held the database (a long
  // recalculation, many people at once on the embedded database): rolled back, so nothing changed.
  if (code === 'P2028') {
    console.warn(`[busy ${id}]`, err instanceof Error ? err.message.split('\n').filter(Boolean).slice(-1)[0] : err);
    return {
      ok: false,
      code: 'conflict',
      error: 'The app was busy with other changes, so nothing was changed. Please try again in a moment.',
    };
  }
  console.error(`[error ${id}]`, err);
  return {
    ok: false,
    code: 'server',
    error: `Something went wrong on our side, and nothing was changed. Please try again. (Reference ${id})`,
  };
}

/**
 * The input as the schema parses it, after refusing text the database cannot store (U+0000, a lone
 * surrogate) anywhere in it, keys included: it would otherwise fail inside a query as a 500.
 * Checked on the raw input, before any transform, so every field is covered whatever its schema.
 */
export function parseStorable<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const bad = findUnstorable(raw);
  if (bad.length) throw new InvalidError('Please check the highlighted fields.', unstorableFieldErrors(bad));
  return schema.parse(raw);
}

/**
 * A server action: require a user, refuse text that cannot be stored, validate with the schema
 * (strict: unknown fields are refused), then run the handler, which authorizes against the record.
 */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: AuthedContext) => Promise<T>,
  options: { revalidate?: string } = {},
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  const action = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const ctx = await getRequestContext();
      if (!ctx.user) throw new UnauthenticatedError();
      const input = parseStorable(schema, raw);
      const data = await handler(input, ctx as AuthedContext);
      if (options.revalidate) revalidatePath(options.revalidate, 'layout');
      return { ok: true, data };
    } catch (err) {
      return toActionError(err);
    }
  };
  return registerActionSchema(action, schema);
}

/** A server action open to visitors (sign-up, accepting an invite). */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: RequestContext) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  const action = async (raw: z.input<S>): Promise<ActionResult<T>> => {
    try {
      const ctx = await getRequestContext();
      const input = parseStorable(schema, raw);
      return { ok: true, data: await handler(input, ctx) };
    } catch (err) {
      return toActionError(err);
    }
  };
  return registerActionSchema(action, schema);
}

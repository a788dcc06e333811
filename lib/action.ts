import crypto from 'node:crypto';
import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { getRequestContext, type RequestContext } from './auth/context';
import type { CurrentUser } from './auth/current-user';
import { ConflictError, InvalidError, NotFoundError, UnauthenticatedError, type ActionResult } from './errors';

export type AuthedContext = RequestContext & { user: CurrentUser };

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
    return { ok: false, code: 'invalid', error: 'Please check the highlighted fields.', fieldErrors: fieldErrorsFrom(err) };
  }
  if (err instanceof InvalidError) return { ok: false, code: 'invalid', error: err.message, fieldErrors: err.fieldErrors };
  if (err instanceof NotFoundError) return { ok: false, code: 'not_found', error: 'We could not find that. It may have been removed, or you may not have access to it.' };
  if (err instanceof ConflictError) return { ok: false, code: 'conflict', error: err.message };
  if (err instanceof UnauthenticatedError) return { ok: false, code: 'unauthenticated', error: err.message };
  const id = crypto.randomUUID().slice(0, 8);
  console.error(`[error ${id}]`, err);
  return { ok: false, code: 'server', error: `Something went wrong on our side, and nothing was changed. Please try again. (Reference ${id})` };
}

/**
 * A server action: validate with the schema (strict: unknown fields are refused), require a user,
 * then run the handler, which authorizes against the record itself.
 */
export function authedAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: AuthedContext) => Promise<T>,
  options: { revalidate?: string } = {},
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const ctx = await getRequestContext();
      if (!ctx.user) throw new UnauthenticatedError();
      const input = schema.parse(raw);
      const data = await handler(input, ctx as AuthedContext);
      if (options.revalidate) revalidatePath(options.revalidate, 'layout');
      return { ok: true, data };
    } catch (err) {
      return toActionError(err);
    }
  };
}

/** A server action open to visitors (sign-up, accepting an invite). */
export function publicAction<S extends z.ZodType, T>(
  schema: S,
  handler: (input: z.output<S>, ctx: RequestContext) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      const ctx = await getRequestContext();
      const input = schema.parse(raw);
      return { ok: true, data: await handler(input, ctx) };
    } catch (err) {
      return toActionError(err);
    }
  };
}

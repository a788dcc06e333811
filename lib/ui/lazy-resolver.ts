'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

type FormSchema = z.ZodType<FieldValues, FieldValues>;

/**
 * react-hook-form's zod resolver for a schema that arrives with the form's first validation (on submit,
 * or a step's check) rather than with the page. The schema is the one the server action parses with;
 * only its delivery changes: zod is about 32 KB of compressed JavaScript, a fifth of what a phone
 * downloads for a page, and nobody needs it before they press a button.
 *
 * Create it once per module (`const resolver = lazyZodResolver(() => import('../schemas').then((m) => m.x))`)
 * and import the schema module only as types elsewhere in client code, or it comes back with the page.
 * Should the schema fail to arrive (offline), the values go to the server unchecked: the action parses
 * them with the same schema and answers with the same field errors, or says it could not be reached.
 */
export function lazyZodResolver<S extends FormSchema>(
  load: () => Promise<S>,
): Resolver<z.input<S>, unknown, z.output<S>> {
  let ready: Promise<Resolver<z.input<S>, unknown, z.output<S>>> | null = null;
  return async (values, context, options) => {
    ready ??= load().then((schema) => zodResolver(schema) as unknown as Resolver<z.input<S>, unknown, z.output<S>>);
    let resolve: Resolver<z.input<S>, unknown, z.output<S>>;
    try {
      resolve = await ready;
    } catch {
      ready = null; // try again next time
      return { values: values as z.output<S>, errors: {} };
    }
    return resolve(values, context, options);
  };
}

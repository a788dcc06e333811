// Expected failures are typed; anything else is logged with an id and shown generically.
export class NotFoundError extends Error {
  constructor(message = 'Not found') {
    super(message);
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends Error {
  constructor(
    message = 'Someone else changed this while you were editing. Your text is kept below: check the latest version and save again.',
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class InvalidError extends Error {
  constructor(
    message: string,
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'InvalidError';
  }
}

export class UnauthenticatedError extends Error {
  constructor() {
    super('Please sign in again.');
    this.name = 'UnauthenticatedError';
  }
}

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      error: string;
      fieldErrors?: Record<string, string>;
      code: 'invalid' | 'not_found' | 'conflict' | 'unauthenticated' | 'throttled' | 'server';
    };

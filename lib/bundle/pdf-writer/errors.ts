/**
 * An input PDF the bundle cannot reproduce. Thrown before anything of it is written, so the caller
 * can put a divider ("could not be reproduced") in its place and carry on with the same writer.
 */
export class UnreadablePdfError extends Error {
  constructor(
    public reason: 'encrypted' | 'damaged',
    message?: string,
  ) {
    super(
      message ??
        (reason === 'encrypted'
          ? 'The PDF is encrypted or password-protected.'
          : 'The PDF is damaged and cannot be read.'),
    );
    this.name = 'UnreadablePdfError';
  }
}

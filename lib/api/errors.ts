/** An error answer: `{message, status, errors?}` plus any extra fields (e.g. the existing `key` on a 409). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: { field: string; message: string }[],
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}


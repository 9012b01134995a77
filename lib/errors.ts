/**
 * The only errors whose messages reach users. Anything else is logged and shown as a generic
 * "Something went wrong" so no stack trace or database message leaks.
 */
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "GONE"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: Record<string, string[]>;
  readonly details?: Record<string, unknown>;

  constructor(
    code: AppErrorCode,
    userMessage: string,
    extra: { fieldErrors?: Record<string, string[]>; details?: Record<string, unknown> } = {},
  ) {
    super(userMessage);
    this.name = "AppError";
    this.code = code;
    this.userMessage = userMessage;
    this.fieldErrors = extra.fieldErrors;
    this.details = extra.details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export const notFound = (what = "This page") => new AppError("NOT_FOUND", `${what} was not found.`);

export const GENERIC_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

/** Result shape of every server action (works with useActionState). */
export type ActionResult<T = undefined> =
  | { ok: true; message?: string; data?: T }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]>; code?: AppErrorCode };

/** What a server action is given: a form's FormData, or a plain object when a client island calls it. */
export type ActionInput = FormData | Record<string, unknown>;

/** Every server action (lib/actions/action-client.ts): `(previousState, input)`, as useActionState calls it. */
export type ServerAction<T = undefined> = (previous: ActionResult<T> | null, input: ActionInput) => Promise<ActionResult<T>>;

/** Turns a thrown error into an action result; unexpected errors are logged, never shown. */
export function toActionError(error: unknown): { ok: false; message: string; fieldErrors?: Record<string, string[]>; code?: AppErrorCode } {
  if (error instanceof AppError) return { ok: false, message: error.userMessage, fieldErrors: error.fieldErrors, code: error.code };
  console.error(error);
  return { ok: false, message: GENERIC_ERROR_MESSAGE };
}

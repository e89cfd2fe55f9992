// The one error body every /_emulator/ endpoint answers, in AWS's terms: an AWS-style code (ValidationError,
// NoSuchEntity, ResourceNotFoundException, AccessDenied, UnknownEndpoint…) and a sentence, with the request id
// where an operation ran. server/admin-answer.ts builds it; the extension and connectEmulator() read it here.

export interface AdminError {
  readonly code: string;
  readonly message: string;
}

export interface AdminErrorBody {
  readonly error: AdminError;
  readonly requestId?: string;
}

/** The error an /_emulator/ answer carries, or undefined when the body is not an error body. */
export function adminErrorOf(body: unknown): AdminError | undefined {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === "string" && typeof message === "string" ? { code, message } : undefined;
}

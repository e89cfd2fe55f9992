// What an /_emulator/ endpoint answers: a status and a JSON body. Every error, whichever layer refuses
// (the origin guard, the body limit, admin access, an endpoint, an operation run through /_emulator/call),
// is built here, so a client reads one shape (admin-api/errors.ts).
import type { AdminErrorBody } from "../admin-api/errors.js";

export interface AdminAnswer { readonly status: number; readonly body: unknown }

/** An error answer: `{"error": {"code", "message"}}`, and the request id when an operation ran. */
export function adminError(code: string, message: string, status: number, requestId?: string): AdminAnswer & { readonly body: AdminErrorBody } {
  return { status, body: { error: { code, message }, ...(requestId === undefined ? {} : { requestId }) } };
}

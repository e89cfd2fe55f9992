// One assertion for AWS errors from SDK v3 clients, used as `assert.rejects(promise, rejectsWith(...))`:
// the wire code (Query protocols keep it in `Code`; JSON protocols in `name`), the HTTP status and,
// when given, the exact message or a pattern.
import assert from "node:assert/strict";

interface SdkError { name: string; message: string; Code?: string; $metadata?: { httpStatusCode?: number } }

export function rejectsWith(code: string, status: number, message?: string | RegExp) {
  return (e: unknown): true => {
    assert.ok(e instanceof Error && "$metadata" in e, `expected an AWS service error, got ${String(e)}`);
    const err = e as unknown as SdkError;
    assert.equal(err.Code ?? err.name, code, "the wire error code");
    assert.equal(err.$metadata?.httpStatusCode, status, "the HTTP status");
    if (typeof message === "string") assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return true;
  };
}

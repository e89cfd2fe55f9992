// Who may use which /_emulator/ endpoint. Reading the emulator's state is open (a browser page can only
// do it from an allowed origin: the origin guard runs first). In authenticate and enforce modes, an
// endpoint that changes state, acts as someone or reveals a secret needs a credential: the per-process
// admin token (the extension and the CLI's ready line have it), or a SigV4 signature — then `call` runs
// as the signer, authorized like any request. Anything not listed as open needs one, so an endpoint added
// later is guarded until someone decides otherwise.
import type { Caller } from "../auth/caller.js";
import type { Authenticator } from "../auth/identity.js";
import type { AuthMode } from "../config.js";
import { sameSecret } from "../constant-time.js";
import { AwsError } from "../protocol/errors.js";
import type { RawRequest } from "./gateway.js";

/** "METHOD name" of the endpoints open in every mode; the per-principal policies path counts as principals/policies. */
export const OPEN_ENDPOINTS: ReadonlySet<string> = new Set([
  "GET health", "GET events", "GET resources", "GET decisions", "GET requests", "GET principals", "GET principals/policies", "GET clock",
]);

/** The endpoints that decide for themselves what a signer may do; every other one that acts is the operator's alone. */
export const SIGNABLE_ENDPOINTS: ReadonlySet<string> = new Set(["POST call", "POST reset", "POST clock", "GET cognito/codes"]);

/** How a request to an endpoint that acts was let in. */
export type AdminAccess =
  /** Mode none, or the admin token: the emulator's operator, acting as any account's root. */
  | { readonly kind: "operator" }
  /** A verified SigV4 signature: this caller, and only what this caller may do. */
  | { readonly kind: "signed"; readonly caller: Caller };

export interface AdminAccessDeps {
  readonly mode: AuthMode;
  readonly adminToken: string;
  readonly auth: Authenticator;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Undefined for an open endpoint; otherwise how the request may act, or an AwsError (403) saying what it lacks. */
export function adminAccess(deps: AdminAccessDeps, endpoint: string, request: RawRequest): AdminAccess | undefined {
  if (OPEN_ENDPOINTS.has(endpoint)) return undefined;
  if (deps.mode === "none") return { kind: "operator" };
  const authorization = one(request.headers.authorization);
  const bearer = authorization === undefined ? null : BEARER.exec(authorization);
  if (bearer) {
    if (sameSecret(bearer[1]!, deps.adminToken)) return { kind: "operator" };
    throw new AwsError("AccessDenied", "The admin token is not this emulator's: use the adminToken of its ready line (a new one is made at every start unless --admin-token sets it).", 403);
  }
  if (authorization === undefined && !request.rawQuery.includes("X-Amz-Signature=")) {
    throw new AwsError("AccessDenied",
      `${endpoint.replace(" ", " /_emulator/")} acts on the emulator, so in mode ${deps.mode} it needs a credential: ` +
      "the admin token (Authorization: Bearer TOKEN, TOKEN being the adminToken of the ready line) or a SigV4 signature.", 403);
  }
  // Signed for any service the emulator serves; what the signer may do is decided per endpoint.
  const caller = deps.auth.identify(request, { unsigned: false });
  if (!SIGNABLE_ENDPOINTS.has(endpoint)) {
    throw new AwsError("AccessDenied", `${endpoint.replace(" ", " /_emulator/")} acts for the whole emulator: it takes the admin token (Authorization: Bearer TOKEN), not a signature.`, 403);
  }
  return { kind: "signed", caller };
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

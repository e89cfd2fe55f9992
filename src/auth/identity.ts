// Credentials → Caller. Modes: none (no signature check; unknown keys act as root), authenticate and
// enforce (the key must exist and the signature must verify).
import type { EmulatorConfig } from "../config.js";
import type { Clock } from "../clock.js";
import { AwsError } from "../protocol/errors.js";
import type { ServiceId } from "../protocol/model.js";
import { ACCESS_KEYS_TABLE, SESSIONS_TABLE, type AccessKeyRecord, type SessionRecord } from "../store/credentials.js";
import type { Store } from "../store/store.js";
import { rootCaller, type Caller } from "./caller.js";
import { checkSigV4Time, parseSigV4, verifySigV4, verifySigV4Head, type SignedRequest, type SigV4Credential } from "./sigv4.js";

export interface IdentifyTarget {
  readonly service: ServiceId;
  /** The model marks the operation as callable without credentials (Cognito user APIs, STS federation). */
  readonly unsigned: boolean;
}

export interface IdentifiedRequest extends SignedRequest {
  readonly sourceIp: string;
}

/** A request identified before its body is read: the forwarder streams the body to another service. */
export interface StreamingIdentity {
  readonly caller: Caller;
  /** Present when a signature was verified: the forwarder checks aws-chunked chunk signatures with them. */
  readonly credential?: SigV4Credential;
  readonly signingKey?: Buffer;
}

const ACCOUNT_KEY = /^\d{12}$/;
const EMPTY = Buffer.alloc(0);

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly config: EmulatorConfig,
    private readonly clock: Clock,
  ) {}

  identify(req: IdentifiedRequest, target: IdentifyTarget, credential?: SigV4Credential): Caller {
    const cred = credential ?? parseSigV4(req);
    const { mode } = this.config;
    if (!cred) {
      if (mode === "none") return rootCaller(this.config.accountId, req.sourceIp);
      if (target.unsigned) {
        return { accountId: this.config.accountId, arn: "anonymous", userId: "anonymous", type: "anonymous", authenticated: false, sourceIp: req.sourceIp, secureTransport: false };
      }
      throw new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    }
    // AWS reports a stale signature before it looks at the key.
    if (mode !== "none") checkSigV4Time(cred, this.clock.now());
    const resolved = this.resolve(cred, req);
    if (!resolved) {
      if (mode === "none") return rootCaller(this.config.accountId, req.sourceIp, cred.accessKeyId);
      throw invalidToken();
    }
    if (mode !== "none") verifySigV4(req, cred, resolved.secret, this.clock.now());
    return resolved.caller;
  }

  /**
   * identify() for a request whose body is not read: the signature is verified against `payloadHash`, the
   * payload hash the request states, which the caller checks the body against as it streams. `s3`: S3's rules
   * for the canonical path.
   */
  identifyHead(req: Omit<IdentifiedRequest, "body">, payloadHash: (cred: SigV4Credential) => string, s3: boolean): StreamingIdentity {
    const cred = parseSigV4({ ...req, body: EMPTY });
    const { mode } = this.config;
    if (!cred) {
      if (mode === "none") return { caller: rootCaller(this.config.accountId, req.sourceIp) };
      throw new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    }
    if (mode !== "none") checkSigV4Time(cred, this.clock.now());
    const resolved = this.resolve(cred, { ...req, body: EMPTY });
    if (!resolved) {
      if (mode === "none") return { caller: rootCaller(this.config.accountId, req.sourceIp, cred.accessKeyId) };
      throw invalidToken();
    }
    if (mode === "none") return { caller: resolved.caller };
    const signingKey = verifySigV4Head(req, cred, resolved.secret, this.clock.now(), payloadHash(cred), s3);
    return { caller: resolved.caller, credential: cred, signingKey };
  }

  private resolve(cred: SigV4Credential, req: IdentifiedRequest): { caller: Caller; secret: string } | undefined {
    const id = cred.accessKeyId;
    const authenticated = this.config.mode !== "none";
    if (id === this.config.rootAccessKeyId) {
      return { caller: rootCaller(this.config.accountId, req.sourceIp, id, authenticated), secret: this.config.rootSecretAccessKey };
    }
    // As LocalStack does: a 12-digit key id is that account's root, so one emulator holds many accounts.
    if (ACCOUNT_KEY.test(id)) {
      return { caller: rootCaller(id, req.sourceIp, id, authenticated), secret: this.config.rootSecretAccessKey };
    }
    const key = this.store.table<AccessKeyRecord>(`global/${ACCESS_KEYS_TABLE}`).get(id);
    if (key) {
      if (key.status !== "Active" && this.config.mode !== "none") return undefined;
      if (key.root) return { caller: rootCaller(key.accountId, req.sourceIp, id, authenticated), secret: key.secretAccessKey };
      return { caller: userCaller(key, req.sourceIp, authenticated, this.store), secret: key.secretAccessKey };
    }
    const session = this.store.table<SessionRecord>(`global/${SESSIONS_TABLE}`).get(id);
    if (session) {
      if (this.config.mode !== "none") {
        if (cred.sessionToken !== session.sessionToken) return undefined;
        if (new Date(session.expiration) <= this.clock.now()) {
          throw new AwsError("ExpiredToken", "The security token included in the request is expired", 403);
        }
      }
      return {
        caller: {
          accountId: session.accountId, arn: session.arn, userId: session.userId, type: session.type,
          name: session.name, accessKeyId: id, sessionId: id, authenticated, sourceIp: req.sourceIp, secureTransport: false,
        },
        secret: session.secretAccessKey,
      };
    }
    return undefined;
  }
}

interface UserRow { readonly UserName: string; readonly UserId: string; readonly Arn: string }

function userCaller(key: AccessKeyRecord, sourceIp: string, authenticated: boolean, store: Store): Caller {
  const user = store.table<UserRow>(`${key.accountId}/iam/users`).get(key.userName.toLowerCase());
  return {
    accountId: key.accountId,
    arn: user?.Arn ?? `arn:aws:iam::${key.accountId}:user/${key.userName}`,
    userId: user?.UserId ?? key.userName,
    type: "user",
    name: key.userName,
    accessKeyId: key.accessKeyId,
    authenticated,
    sourceIp,
    secureTransport: false,
  };
}

/** JSON-protocol services (Cognito) answer it as UnrecognizedClientException: see protocol/json.ts. */
function invalidToken(): AwsError {
  return new AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403);
}

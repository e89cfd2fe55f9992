// Credentials → Caller. Modes: none (no signature check; unknown keys act as root), authenticate and
// enforce (the key must exist and the SigV4 signature must verify, scoped to the service it calls).
import type { EmulatorConfig } from "../config.js";
import type { Clock } from "../clock.js";
import { sameSecret } from "../constant-time.js";
import { AwsError } from "../protocol/errors.js";
import { SERVICE_METADATA, type ServiceId } from "../protocol/model.js";
import { ACCESS_KEYS_TABLE, SESSIONS_TABLE, type AccessKeyRecord, type SessionRecord } from "../store/credentials.js";
import type { Store } from "../store/store.js";
import { partitionOf, type Partition } from "../partition.js";
import { rootCaller, type Caller } from "./caller.js";
import { accessKeyIdOf, checkSigV4Time, parseSigV4, verifySigV4, verifySigV4Head, type SignedRequest, type SigV4Credential } from "./sigv4.js";

export interface IdentifyTarget {
  /** The service called, when known: the credential scope must name it. Undefined: any emulated service. */
  readonly service?: ServiceId;
  /** The model marks the operation as callable without credentials (Cognito user APIs, STS federation). */
  readonly unsigned: boolean;
  /** The request's Region (its credential scope's, else the emulator's): the partition of the ARNs formed here. */
  readonly region?: string;
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
/** What a region name looks like (us-east-1, cn-north-1, us-gov-west-1, eu-isoe-west-1 …). */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** A global service (IAM) is signed for its partition's one region, whatever region the client is in. */
const GLOBAL_SIGNING_REGIONS = new Set(["us-east-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "us-isob-east-1"]);
const EMPTY = Buffer.alloc(0);

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly config: EmulatorConfig,
    private readonly clock: Clock,
  ) {}

  identify(req: IdentifiedRequest, target: IdentifyTarget): Caller {
    // Mode none parses nothing (a header naming only a scope is fine there); the router's Region says the partition.
    if (this.config.mode === "none") return this.permissive(req, partitionOf(target.region ?? this.config.region));
    const cred = parseSigV4(req);
    const partition = partitionOf(target.region ?? cred?.region ?? this.config.region);
    if (!cred) {
      if (target.unsigned) {
        return { accountId: this.config.accountId, arn: "anonymous", userId: "anonymous", type: "anonymous", authenticated: false, sourceIp: req.sourceIp, secureTransport: false };
      }
      throw new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    }
    // AWS reports a stale signature, then a scope that cannot be this request's, before it looks at the key.
    checkSigV4Time(cred, this.clock.now());
    checkScope(cred, target.service);
    const resolved = this.resolve(cred, req, partition);
    if (!resolved) throw invalidToken();
    verifySigV4(req, cred, resolved.secret, this.clock.now());
    return resolved.caller;
  }

  /**
   * identify() for a request whose body is not read (the forwarder's): the signature is verified against
   * `payloadHash`, the payload hash the request states, which the caller checks the body against as it
   * streams. `s3`: S3's rules for the canonical path. The scope names the upstream's service, not one of ours.
   */
  identifyHead(req: Omit<IdentifiedRequest, "body">, payloadHash: (cred: SigV4Credential) => string, s3: boolean): StreamingIdentity {
    const head = { ...req, body: EMPTY };
    if (this.config.mode === "none") return { caller: this.permissive(head, partitionOf(this.config.region)) };
    const cred = parseSigV4(head);
    if (!cred) throw new AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403);
    checkSigV4Time(cred, this.clock.now());
    const resolved = this.resolve(cred, head, partitionOf(cred.region));
    if (!resolved) throw invalidToken();
    const signingKey = verifySigV4Head(req, cred, resolved.secret, this.clock.now(), payloadHash(cred), s3);
    return { caller: resolved.caller, credential: cred, signingKey };
  }

  /**
   * Mode none takes what clients and documentation examples send: no signature, a header naming only a
   * credential scope, `Signature=fake`. A key the emulator knows acts as its owner; any other as the root.
   */
  private permissive(req: IdentifiedRequest, partition: Partition): Caller {
    const accessKeyId = accessKeyIdOf(req);
    if (accessKeyId === undefined) return rootCaller(this.config.accountId, req.sourceIp, undefined, false, partition);
    return this.owner(accessKeyId, req.sourceIp, partition)?.caller ?? rootCaller(this.config.accountId, req.sourceIp, accessKeyId, false, partition);
  }

  private resolve(cred: SigV4Credential, req: IdentifiedRequest, partition: Partition): { caller: Caller; secret: string } | undefined {
    const found = this.owner(cred.accessKeyId, req.sourceIp, partition);
    if (!found) return undefined;
    if (found.session) {
      // The token must be the session's own, compared in constant time like every secret.
      if (cred.sessionToken === undefined || !sameSecret(cred.sessionToken, found.session.sessionToken)) return undefined;
      if (new Date(found.session.expiration) <= this.clock.now()) {
        throw new AwsError("ExpiredToken", "The security token included in the request is expired", 403);
      }
    } else if (cred.sessionToken !== undefined) {
      // A session token sent with a long-term key belongs to no session of that key.
      return undefined;
    }
    if (found.inactive) return undefined;
    return found;
  }

  /** Who owns an access key id, whether or not the request proves it. */
  private owner(id: string, sourceIp: string, partition: Partition): { caller: Caller; secret: string; session?: SessionRecord; inactive?: boolean } | undefined {
    const authenticated = this.config.mode !== "none";
    if (id === this.config.rootAccessKeyId) {
      return { caller: rootCaller(this.config.accountId, sourceIp, id, authenticated, partition), secret: this.config.rootSecretAccessKey };
    }
    // As LocalStack does: a 12-digit key id is that account's root, so one emulator holds many accounts.
    if (ACCOUNT_KEY.test(id)) {
      return { caller: rootCaller(id, sourceIp, id, authenticated, partition), secret: this.config.rootSecretAccessKey };
    }
    const key = this.store.table<AccessKeyRecord>(`global/${ACCESS_KEYS_TABLE}`).get(id);
    if (key) {
      const inactive = key.status !== "Active";
      if (key.root) return { caller: rootCaller(key.accountId, sourceIp, id, authenticated, partition), secret: key.secretAccessKey, inactive };
      return { caller: userCaller(key, sourceIp, authenticated, this.store, partition), secret: key.secretAccessKey, inactive };
    }
    const session = this.store.table<SessionRecord>(`global/${SESSIONS_TABLE}`).get(id);
    if (session) {
      return {
        caller: {
          accountId: session.accountId, arn: session.arn, userId: session.userId, type: session.type,
          name: session.name, accessKeyId: id, sessionId: id, authenticated, sourceIp, secureTransport: false,
        },
        secret: session.secretAccessKey,
        session,
      };
    }
    return undefined;
  }
}

/** The credential scope must name the service called, and a region that service is signed for. */
function checkScope(cred: SigV4Credential, service: ServiceId | undefined): void {
  const signingName = service ?? cred.service;
  if (!(signingName in SERVICE_METADATA) || cred.service !== signingName) {
    throw new AwsError("SignatureDoesNotMatch", `Credential should be scoped to correct service: '${signingName}'. `, 403);
  }
  const valid = SERVICE_METADATA[signingName as ServiceId].global ? GLOBAL_SIGNING_REGIONS.has(cred.region) : REGION.test(cred.region);
  if (!valid) throw new AwsError("SignatureDoesNotMatch", `Credential should be scoped to a valid region, not '${cred.region}'. `, 403);
}

interface UserRow { readonly UserName: string; readonly UserId: string; readonly Arn: string }

function userCaller(key: AccessKeyRecord, sourceIp: string, authenticated: boolean, store: Store, partition: Partition): Caller {
  const user = store.table<UserRow>(`${key.accountId}/iam/users`).get(key.userName.toLowerCase());
  return {
    accountId: key.accountId,
    arn: user?.Arn ?? `arn:${partition}:iam::${key.accountId}:user/${key.userName}`,
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

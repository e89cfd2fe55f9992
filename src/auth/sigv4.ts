// AWS Signature Version 4 verification, for the Authorization header and for presigned query strings.
// Pure: no I/O and no clock of its own; the caller passes the secret and `now`. The canonical request is
// built as the SDKs build it for non-S3 services (SDK v3 `@smithy/signature-v4`, botocore), and the
// errors carry the codes and wording AWS's front end answers with (see test/unit/auth/sigv4.test.ts).
import * as crypto from "node:crypto";
import { createHash, createHmac } from "node:crypto";
import { AwsError } from "../protocol/errors.js";

export interface SignedRequest {
  method: string;
  /** Raw path as received, without the query string (may be percent-encoded). */
  path: string;
  /** Raw query string as received, without '?'; may be "". */
  rawQuery: string;
  /** node's IncomingMessage.headers (lower-case names). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface SigV4Credential {
  accessKeyId: string;
  /** Credential scope date, YYYYMMDD. */
  date: string;
  region: string;
  service: string;
  /** Lower-case header names, in the order the signer listed them. */
  signedHeaders: string[];
  signature: string;
  /** Request time, YYYYMMDDTHHMMSSZ (X-Amz-Date, or the Date header in that form). */
  amzDate: string;
  presigned: boolean;
  /** X-Amz-Expires of a presigned request. */
  expiresSeconds?: number;
  sessionToken?: string;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const TERMINATOR = "aws4_request";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** AWS accepts a request time this far either side of its own clock. */
const MAX_SKEW_MS = 15 * 60_000;
/** Seven days: the longest a presigned URL may live (the signing key is valid for seven days). */
const MAX_PRESIGNED_SECONDS = 604_800;

const MSG_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const MSG_MISSING_TOKEN = "Request is missing Authentication Token";

const incompleteSignature = (message: string): AwsError => new AwsError("IncompleteSignature", message, 400);
const signatureDoesNotMatch = (message: string = MSG_MISMATCH): AwsError =>
  new AwsError("SignatureDoesNotMatch", message, 403);
const missingAuthenticationToken = (): AwsError => new AwsError("MissingAuthenticationToken", MSG_MISSING_TOKEN, 403);

/**
 * The SigV4 facts a request carries, or undefined when it carries no SigV4 at all (neither an Authorization
 * header nor X-Amz-Algorithm in the query). Throws IncompleteSignature, MissingAuthenticationToken or
 * SignatureDoesNotMatch (a credential scope that cannot be right) when SigV4 is present but malformed.
 */
export function parseSigV4(req: SignedRequest): SigV4Credential | undefined {
  const authorization = firstValue(req.headers["authorization"]);
  // Cheap pre-check: most requests are header-signed and have no query at all.
  const queryAlgorithm = req.rawQuery.includes("X-Amz-Algorithm=") ? queryParam(req.rawQuery, "X-Amz-Algorithm") : undefined;
  if (authorization !== undefined) {
    // Both kinds of signature at once: AWS refuses to choose between them.
    if (queryAlgorithm !== undefined) throw signatureDoesNotMatch();
    return parseAuthorizationHeader(authorization, req.headers);
  }
  if (queryAlgorithm !== undefined) return parsePresignedQuery(req.rawQuery, queryAlgorithm);
  return undefined;
}

/**
 * The access key id a request names, read leniently for mode none: from a complete signature, a header
 * that names only a credential scope, or a presigned query; undefined when it names none. Never throws.
 */
export function accessKeyIdOf(req: SignedRequest): string | undefined {
  const authorization = firstValue(req.headers["authorization"]);
  const credential = authorization !== undefined
    ? /Credential=([^/,\s]+)/.exec(authorization)?.[1]
    : req.rawQuery.includes("X-Amz-Credential=") ? queryParam(req.rawQuery, "X-Amz-Credential")?.split("/")[0] : undefined;
  return credential || undefined;
}

/**
 * Checks the request time against `now`, then recomputes the signature with `secretAccessKey`.
 * Throws SignatureDoesNotMatch (403) or RequestExpired (400) when the request does not verify.
 * `unsignedPayload`: the service lets a signer leave the body out of the signature (S3 only, at AWS); for
 * every other service the body's own hash is signed, so no body can ride on another request's signature.
 */
export function verifySigV4(req: SignedRequest, cred: SigV4Credential, secretAccessKey: string, now: Date, unsignedPayload = false): void {
  const { key, prefix } = checkedHead(req, cred, secretAccessKey, now, false);
  const stated = cred.presigned
    ? queryParam(req.rawQuery, "X-Amz-Content-Sha256") ?? firstValue(req.headers["x-amz-content-sha256"])
    : firstValue(req.headers["x-amz-content-sha256"]);
  // Any stated hash other than UNSIGNED-PAYLOAD is replaced by the body's own, so a body changed in transit
  // cannot hide behind the header it was sent with.
  const payloadHash = unsignedPayload && stated === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(req.body);
  if (sameSignature(signatureOf(key, cred, prefix + payloadHash), cred.signature)) return;
  // Presigners differ: SDK v3 hashes the (usually empty) body, botocore and S3-style presigners sign
  // UNSIGNED-PAYLOAD without saying so in the query. Either is accepted where it leaves nothing unsigned.
  if (cred.presigned && payloadHash !== UNSIGNED_PAYLOAD && (unsignedPayload || req.body.length === 0) &&
      sameSignature(signatureOf(key, cred, prefix + UNSIGNED_PAYLOAD), cred.signature)) return;
  throw signatureDoesNotMatch();
}

/**
 * verifySigV4 for a request whose body is not read yet (the forwarder streams it): the signature is checked
 * against `payloadHash`, the hash the request states (or UNSIGNED-PAYLOAD / STREAMING-… where the service allows
 * them); the caller then checks the body against that hash as it passes. `s3`: S3's canonical path (the path
 * as sent, not normalized nor encoded again). Returns the signing key, which aws-chunked chunk signatures need.
 */
export function verifySigV4Head(req: Omit<SignedRequest, "body">, cred: SigV4Credential, secretAccessKey: string, now: Date,
                                payloadHash: string, s3: boolean): Buffer {
  const { key, prefix } = checkedHead(req, cred, secretAccessKey, now, s3);
  if (sameSignature(signatureOf(key, cred, prefix + payloadHash), cred.signature)) return key;
  throw signatureDoesNotMatch();
}

/** What both verifications check first (the time, Host signed), then the signing key and the canonical request
 * up to its payload hash. */
function checkedHead(req: Omit<SignedRequest, "body">, cred: SigV4Credential, secretAccessKey: string, now: Date, s3: boolean): { key: Buffer; prefix: string } {
  checkSigV4Time(cred, now);
  if (!cred.signedHeaders.includes("host")) {
    throw signatureDoesNotMatch("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
  return { key: signingKey(secretAccessKey, cred.date, cred.region, cred.service), prefix: canonicalPrefix(req, cred, s3) };
}

/** What signRequest signs with: the upstream's credentials and the scope the client used. */
export interface SigningScope {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly service: string;
  readonly amzDate: string;
}

/**
 * Signs a request with an Authorization header, as the SDKs do: host, x-amz-* and content-type/-md5 headers
 * are signed; `headers` gets x-amz-date, x-amz-content-sha256 and authorization. For the forwarder's calls to
 * the upstream, which would refuse the client's signature (made for another host, or with a key it does not know).
 */
export function signRequest(req: { method: string; path: string; rawQuery: string; headers: Record<string, string | string[] | undefined> },
                            scope: SigningScope, payloadHash: string, s3: boolean): void {
  req.headers["x-amz-date"] = scope.amzDate;
  req.headers["x-amz-content-sha256"] = payloadHash;
  delete req.headers["authorization"];
  const signedHeaders = Object.keys(req.headers)
    .filter((h) => h === "host" || h.startsWith("x-amz-") || h === "content-type" || h === "content-md5")
    .filter((h) => req.headers[h] !== undefined).sort();
  const cred: SigV4Credential = {
    accessKeyId: scope.accessKeyId, date: scope.amzDate.slice(0, 8), region: scope.region, service: scope.service,
    signedHeaders, signature: "", amzDate: scope.amzDate, presigned: false,
  };
  const key = signingKey(scope.secretAccessKey, cred.date, scope.region, scope.service);
  const signature = signatureOf(key, cred, canonicalPrefix(req, cred, s3) + payloadHash);
  req.headers["authorization"] = `${ALGORITHM} Credential=${scope.accessKeyId}/${cred.date}/${scope.region}/${scope.service}/${TERMINATOR}, ` +
    `SignedHeaders=${signedHeaders.join(";")}, Signature=${signature}`;
}

/** An instant in SigV4's basic ISO-8601 form (YYYYMMDDTHHMMSSZ). */
export function amzDate(at: Date): string {
  return amzDateOf(at.getTime());
}

/**
 * The signature of one aws-chunked chunk (or, `trailer`, of the trailing headers), chained from the previous
 * one: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 */
export function chunkSignature(key: Buffer, cred: SigV4Credential, previous: string, data: Buffer | string, trailer = false): string {
  const scope = `${cred.date}/${cred.region}/${cred.service}/${TERMINATOR}`;
  const stringToSign = trailer
    ? `AWS4-HMAC-SHA256-TRAILER\n${cred.amzDate}\n${scope}\n${previous}\n${sha256Hex(data)}`
    : `AWS4-HMAC-SHA256-PAYLOAD\n${cred.amzDate}\n${scope}\n${previous}\n${EMPTY_SHA256}\n${sha256Hex(data)}`;
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/**
 * The time checks of verifySigV4 alone, so a caller can run them before looking the access key up,
 * in the order AWS does (an expired request is answered as expired even when its key is unknown).
 */
export function checkSigV4Time(cred: SigV4Credential, now: Date): void {
  const at = parseAmzDate(cred.amzDate);
  if (Number.isNaN(at)) throw dateFormatError(cred.amzDate);
  const nowMs = now.getTime();
  if (at > nowMs + MAX_SKEW_MS) {
    throw signatureDoesNotMatch(
      `Signature not yet current: ${cred.amzDate} is still later than ${amzDateOf(nowMs + MAX_SKEW_MS)} (${amzDateOf(nowMs)} + 15 min.)`);
  }
  if (cred.presigned && cred.expiresSeconds !== undefined) {
    if (nowMs > at + cred.expiresSeconds * 1000) throw new AwsError("RequestExpired", "Request has expired.", 400);
    return;
  }
  if (at < nowMs - MAX_SKEW_MS) {
    throw signatureDoesNotMatch(
      `Signature expired: ${cred.amzDate} is now earlier than ${amzDateOf(nowMs - MAX_SKEW_MS)} (${amzDateOf(nowMs)} - 15 min.)`);
  }
}

export interface SigningCredentials { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }

/**
 * Signs a request the emulator sends (a Lambda invocation), as the SDKs sign one: every header given is
 * signed. Returns the headers to send: those given plus X-Amz-Date, X-Amz-Security-Token and Authorization.
 * The same canonical request as verification, so what we send is what we would accept.
 */
export function signSigV4(req: SignedRequest, creds: SigningCredentials, scope: { region: string; service: string }, now: Date): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name.toLowerCase()] = String(firstValue(value));
  const amzDate = amzDateOf(now.getTime());
  headers["x-amz-date"] = amzDate;
  if (creds.sessionToken) headers["x-amz-security-token"] = creds.sessionToken;
  const cred: SigV4Credential = {
    accessKeyId: creds.accessKeyId, date: amzDate.slice(0, 8), region: scope.region, service: scope.service,
    signedHeaders: Object.keys(headers).sort(), signature: "", amzDate, presigned: false,
  };
  const key = signingKey(creds.secretAccessKey, cred.date, cred.region, cred.service);
  const signature = signatureOf(key, cred, canonicalPrefix({ ...req, headers }, cred) + sha256Hex(req.body));
  headers["authorization"] = `${ALGORITHM} Credential=${creds.accessKeyId}/${cred.date}/${scope.region}/${scope.service}/${TERMINATOR}, ` +
    `SignedHeaders=${cred.signedHeaders.join(";")}, Signature=${signature}`;
  return headers;
}

// ---- parsing ---------------------------------------------------------------------------------------------

// The header as every SDK writes it; anything else takes the general path below, which also words the errors.
const SDK_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-f]{64})$/;

function parseAuthorizationHeader(authorization: string,
                                  headers: SignedRequest["headers"]): SigV4Credential {
  const sdk = SDK_AUTHORIZATION.exec(authorization);
  const xAmzDate = firstValue(headers["x-amz-date"]);
  if (sdk !== null && xAmzDate !== undefined) {
    const amzDate = checkedAmzDate(xAmzDate);
    return credentialOf(credentialScope(sdk[1]!, amzDate), sdk[2]!, sdk[3]!, amzDate, false, firstValue(headers["x-amz-security-token"]));
  }
  const header = authorization.trim();
  // Not SigV4 at all (Basic, Bearer, SigV2 "AWS key:sig"): AWS treats the request as unsigned.
  if (!header.startsWith("AWS4-")) throw missingAuthenticationToken();
  const space = header.indexOf(" ");
  const algorithm = space < 0 ? header : header.slice(0, space);
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  if (space >= 0) {
    for (const raw of header.slice(space + 1).split(",")) {
      const part = raw.trim();
      if (part === "") continue;
      const eq = part.indexOf("=");
      if (eq < 0) {
        throw incompleteSignature(
          `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`);
      }
      const name = part.slice(0, eq);
      const value = part.slice(eq + 1).trim();
      // A repeated parameter: the last one wins, as at AWS.
      if (name === "Credential") credential = value;
      else if (name === "SignedHeaders") signedHeaders = value;
      else if (name === "Signature") signature = value;
    }
  }
  const dateHeader = xAmzDate === undefined ? firstValue(headers["date"]) : undefined;
  let missing = "";
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  // An empty SignedHeaders is present; it fails later, as AWS's "'Host' must be a 'SignedHeader'".
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (xAmzDate === undefined && dateHeader === undefined) {
    missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  }
  if (missing !== "") throw incompleteSignature(`${missing}Authorization=${authorization}`);

  const amzDate = xAmzDate !== undefined ? checkedAmzDate(xAmzDate) : httpDateAsAmzDate(dateHeader!);
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}' (only AWS4-HMAC-SHA256 for now). `);
  }
  return credentialOf(credentialScope(credential!, amzDate), signedHeaders!, signature!, amzDate, false, firstValue(headers["x-amz-security-token"]));
}

function parsePresignedQuery(rawQuery: string, algorithm: string): SigV4Credential {
  // A query algorithm AWS does not know is not a signature it recognises at all.
  if (algorithm !== ALGORITHM) throw missingAuthenticationToken();
  const credential = queryParam(rawQuery, "X-Amz-Credential");
  const signature = queryParam(rawQuery, "X-Amz-Signature");
  const signedHeaders = queryParam(rawQuery, "X-Amz-SignedHeaders");
  const date = queryParam(rawQuery, "X-Amz-Date");
  const missing: string[] = [];
  if (!credential) missing.push("AWS query-string parameters must include 'X-Amz-Credential'.");
  if (!signature) missing.push("AWS query-string parameters must include 'X-Amz-Signature'.");
  if (signedHeaders === undefined) missing.push("AWS query-string parameters must include 'X-Amz-SignedHeaders'.");
  if (!date) missing.push("AWS query-string parameters must include 'X-Amz-Date'.");
  if (missing.length > 0) throw incompleteSignature(`${missing.join(" ")} Re-examine the query-string parameters.`);

  const amzDate = checkedAmzDate(date!);
  const expires = queryParam(rawQuery, "X-Amz-Expires");
  let expiresSeconds: number | undefined;
  if (expires !== undefined) {
    if (!/^\d{1,10}$/.test(expires)) throw incompleteSignature("X-Amz-Expires should be a number");
    expiresSeconds = Number(expires);
    if (expiresSeconds > MAX_PRESIGNED_SECONDS) {
      throw incompleteSignature("X-Amz-Expires must be less than a week (in seconds) that is; 604800");
    }
  }
  return credentialOf(credentialScope(credential!, amzDate), signedHeaders!, signature!, amzDate, true, queryParam(rawQuery, "X-Amz-Security-Token"), expiresSeconds);
}

function credentialScope(credential: string, amzDate: string) {
  // AWS ignores trailing slashes when it counts the elements.
  let end = credential.length;
  while (end > 0 && credential.charCodeAt(end - 1) === 0x2f) end--;
  const parts = credential.slice(0, end).split("/");
  if (parts.length !== 5) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`);
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  // Region and service are not checked here: the emulator serves every region, and the router picks the
  // service from this very scope.
  const problems: string[] = [];
  if (terminator !== TERMINATOR) {
    problems.push(`Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`);
  }
  const day = amzDate.slice(0, 8);
  if (date !== day) {
    problems.push(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${day}', from '${amzDate}'.`);
  }
  if (problems.length > 0) throw signatureDoesNotMatch(problems.join(" "));
  return { accessKeyId, date, region, service };
}

/** Built property by property: spreading a fresh object into a literal costs microseconds on every request. */
function credentialOf(scope: { accessKeyId: string; date: string; region: string; service: string }, signedHeaders: string, signature: string,
                      amzDate: string, presigned: boolean, sessionToken: string | undefined, expiresSeconds?: number): SigV4Credential {
  const cred: SigV4Credential = { accessKeyId: scope.accessKeyId, date: scope.date, region: scope.region, service: scope.service,
    signedHeaders: splitSignedHeaders(signedHeaders), signature, amzDate, presigned };
  if (expiresSeconds !== undefined) cred.expiresSeconds = expiresSeconds;
  if (sessionToken !== undefined) cred.sessionToken = sessionToken;
  return cred;
}

function splitSignedHeaders(list: string): string[] {
  return list === "" ? [] : list.toLowerCase().split(";");
}

// ---- dates -----------------------------------------------------------------------------------------------

function dateFormatError(got: string): AwsError {
  return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${got}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

function checkedAmzDate(value: string): string {
  if (Number.isNaN(parseAmzDate(value))) throw dateFormatError(value);
  return value;
}

/** A `Date` header (RFC 7231) turned into the basic ISO-8601 form the string to sign uses. */
function httpDateAsAmzDate(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw dateFormatError(value);
  return amzDateOf(ms);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Milliseconds since the epoch, or NaN when `value` is not a real YYYYMMDDTHHMMSSZ instant. Runs on every
 * request, so the digits are read by hand rather than with a regular expression and a Date round trip. */
function parseAmzDate(value: string): number {
  if (value.length !== 16 || value.charCodeAt(8) !== 0x54 /* T */ || value.charCodeAt(15) !== 0x5a /* Z */) return NaN;
  const year = digits(value, 0, 4), month = digits(value, 4, 2), day = digits(value, 6, 2);
  const hour = digits(value, 9, 2), minute = digits(value, 11, 2), second = digits(value, 13, 2);
  // NaN fails every comparison, so a non-digit falls through to the final check.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]! && hour <= 23 && minute <= 59 && second <= 59)) return NaN;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The decimal number in value[start, start + count), or NaN if any of it is not a digit. */
function digits(value: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const d = value.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

function amzDateOf(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + "T" + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z";
}

// ---- canonical request -----------------------------------------------------------------------------------

/** The canonical request up to, not including, the payload hash (which may be tried two ways). S3 signs the
 * path as sent; every other service its normalized form, encoded once more. */
function canonicalPrefix(req: Omit<SignedRequest, "body">, cred: SigV4Credential, s3 = false): string {
  let out = req.method + "\n" + (s3 ? req.path || "/" : canonicalPath(req.path)) + "\n" + canonicalQuery(req.rawQuery) + "\n";
  for (const name of cred.signedHeaders) out += name + ":" + canonicalHeaderValue(req.headers[name]) + "\n";
  return out + "\n" + cred.signedHeaders.join(";") + "\n";
}

/**
 * Dot segments and empty segments removed, then the raw path URI-encoded once more ('/' kept): SDK v3 and
 * botocore both sign the encoded path they send, encoded again, for every service but S3.
 */
function canonicalPath(path: string): string {
  if (path === "/" || path === "") return "/";
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const normalized = (path.startsWith("/") ? "/" : "") + segments.join("/") +
    (segments.length > 0 && path.endsWith("/") ? "/" : "");
  return encodeComponent(normalized).replace(/%2F/g, "/");
}

/** Every parameter decoded and re-encoded the SigV4 way, sorted by key then value; X-Amz-Signature left out. */
function canonicalQuery(rawQuery: string): string {
  if (rawQuery === "") return "";
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const key = canonicalComponent(eq < 0 ? part : part.slice(0, eq));
    if (key.length === 15 && key.toLowerCase() === "x-amz-signature") continue;
    pairs.push([key, eq < 0 ? "" : canonicalComponent(part.slice(eq + 1))]);
  }
  if (pairs.length > 1) {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  let out = "";
  for (let i = 0; i < pairs.length; i++) out += (i === 0 ? "" : "&") + pairs[i]![0] + "=" + pairs[i]![1];
  return out;
}

/** Values trimmed, runs of spaces and tabs (and line breaks) made one space; repeated headers joined by ','. */
function canonicalHeaderValue(value: string | string[] | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "string") return trimAll(value);
  return value.map(trimAll).join(",");
}

const NEEDS_TRIM = /[\t\r\n]| {2}|^ | $/;
function trimAll(value: string): string {
  if (!NEEDS_TRIM.test(value)) return value;
  return value.replace(/[\r\n]/g, " ").replace(/[ \t]+/g, " ").trim();
}

// ---- URI encoding ----------------------------------------------------------------------------------------

const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;
const HEX = "0123456789ABCDEF";

function isUnreserved(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function percent(byte: number): string {
  return "%" + HEX[byte >> 4] + HEX[byte & 15];
}

/** RFC 3986 encoding as the SDK's escapeUri does it: everything but unreserved characters, as UTF-8. */
function encodeComponent(value: string): string {
  if (UNRESERVED_ONLY.test(value)) return value;
  try {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => percent(c.charCodeAt(0)));
  } catch {
    throw signatureDoesNotMatch(); // a lone surrogate: no client could have signed it
  }
}

/**
 * A raw query key or value in canonical form, in one pass and without decoding to a string first:
 * %XX kept as that byte (re-encoded unless unreserved, upper-case hex), '+' read as a space as form
 * encoding means it, any other character encoded as UTF-8.
 */
function canonicalComponent(raw: string): string {
  if (UNRESERVED_ONLY.test(raw)) return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length && hexValue(raw.charCodeAt(i + 1)) >= 0 && hexValue(raw.charCodeAt(i + 2)) >= 0) {
      const byte = hexValue(raw.charCodeAt(i + 1)) * 16 + hexValue(raw.charCodeAt(i + 2));
      out += isUnreserved(byte) ? String.fromCharCode(byte) : percent(byte);
      i += 2;
    } else if (c === 0x2b) {
      out += "%20";
    } else if (isUnreserved(c)) {
      out += raw[i];
    } else if (c < 0x80) {
      out += percent(c);
    } else {
      const cp = raw.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out += utf8Percent(cp);
    }
  }
  return out;
}

function utf8Percent(cp: number): string {
  if (cp < 0x800) return percent(0xc0 | (cp >> 6)) + percent(0x80 | (cp & 63));
  if (cp < 0x10000) return percent(0xe0 | (cp >> 12)) + percent(0x80 | ((cp >> 6) & 63)) + percent(0x80 | (cp & 63));
  return percent(0xf0 | (cp >> 18)) + percent(0x80 | ((cp >> 12) & 63)) + percent(0x80 | ((cp >> 6) & 63)) +
    percent(0x80 | (cp & 63));
}

/** The first value of query parameter `name` (exact, case-sensitive as AWS's names are), decoded. */
function queryParam(rawQuery: string, name: string): string | undefined {
  if (rawQuery === "") return undefined;
  let start = 0;
  while (start <= rawQuery.length) {
    let end = rawQuery.indexOf("&", start);
    if (end < 0) end = rawQuery.length;
    if (end - start > name.length && rawQuery.startsWith(name, start) && rawQuery.charCodeAt(start + name.length) === 0x3d) {
      return decodeQueryValue(rawQuery.slice(start + name.length + 1, end));
    }
    if (end - start === name.length && rawQuery.startsWith(name, start)) return "";
    start = end + 1;
  }
  return undefined;
}

function decodeQueryValue(raw: string): string {
  if (UNRESERVED_ONLY.test(raw)) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, " "));
  } catch {
    return raw;
  }
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// ---- hashing ---------------------------------------------------------------------------------------------

// crypto.hash (Node 20.12+) hashes in one call, a third of createHash's cost for a request's small inputs; the
// extension host's older Node falls back to createHash.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer | string, encoding: "hex") => string }).hash;
function sha256Hex(data: Buffer | string): string {
  return oneShot ? oneShot("sha256", data, "hex") : createHash("sha256").update(data).digest("hex");
}

function signatureOf(key: Buffer, cred: SigV4Credential, canonicalRequest: string): string {
  const stringToSign = ALGORITHM + "\n" + cred.amzDate + "\n" + cred.date + "/" + cred.region + "/" + cred.service +
    "/" + TERMINATOR + "\n" + sha256Hex(canonicalRequest);
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/** Compares in time independent of where the strings differ, without allocating. */
function sameSignature(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}

// Deriving a signing key costs four HMACs; one key serves every request of a secret for a day, region and
// service, so a small LRU (a Map keeps insertion order) spares nearly all of them.
const SIGNING_KEY_CACHE_SIZE = 256;
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const id = date + "\n" + region + "\n" + service + "\n" + secret;
  let key = signingKeys.get(id);
  if (key !== undefined) {
    signingKeys.delete(id);
    signingKeys.set(id, key);
    return key;
  }
  key = createHmac("sha256", "AWS4" + secret).update(date).digest();
  key = createHmac("sha256", key).update(region).digest();
  key = createHmac("sha256", key).update(service).digest();
  key = createHmac("sha256", key).update(TERMINATOR).digest();
  signingKeys.set(id, key);
  if (signingKeys.size > SIGNING_KEY_CACHE_SIZE) signingKeys.delete(signingKeys.keys().next().value!);
  return key;
}

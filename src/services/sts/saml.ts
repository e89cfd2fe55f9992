// AssumeRoleWithSAML: a SAML 2.0 Response from an identity provider registered in IAM, exchanged for a role
// session. The Response or its Assertion must carry a valid enveloped signature by a certificate in the
// provider's metadata (see xml-signature.ts for exactly what is checked); unsigned responses are refused
// unless the provider is tagged `emulator:verify` = `off`. The Issuer must be the metadata's entityID, the
// assertion's time window current, its audience AWS's sign-in endpoint, and its Role attribute must pair the
// requested role with the provider. Trust conditions see SAML:aud, SAML:sub, SAML:sub_type, SAML:iss,
// SAML:namequalifier and SAML:doc.
import { createHash } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { samlProvidersOf, parseSamlMetadata, type SamlProviderRow } from "../iam/saml-providers.js";
import { nameKey, type Tag } from "../iam/records.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { stsErrors } from "./errors.js";
import { requestTagContext, type Context } from "./principal-context.js";
import { findRole, issueRoleSession, roleSessionSeconds, type AssumedRoleUser } from "./role-session.js";
import { checkSessionPolicy } from "./session-policy.js";
import type { Credentials } from "./sessions.js";
import { checkTrust } from "./trust.js";
import { VERIFY_TAG } from "./oidc-tokens.js";
import { attr, child, childElements, namespaceOf, parseXml, publicKeysOf, textOf, verifyEnvelopedSignature, type XmlElement } from "./xml-signature.js";

const ACTION = "sts:AssumeRoleWithSAML";
const PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
const ASSERTION_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
const ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/";
const AWS_AUDIENCES = /^(https:\/\/([a-z0-9-]+\.)?signin\.aws\.amazon\.com\/saml|urn:amazon:webservices)$/;
const NAMEID_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

interface Input {
  RoleArn: string; PrincipalArn: string; SAMLAssertion: string;
  PolicyArns?: { arn?: string }[]; Policy?: string; DurationSeconds?: number;
}
interface Output {
  Credentials: Credentials; AssumedRoleUser: AssumedRoleUser; PackedPolicySize?: number;
  Subject: string; SubjectType: string; Issuer: string; Audience: string; NameQualifier: string; SourceIdentity?: string;
}

const invalid = (message: string) => stsErrors.invalidIdentityToken(message);

/** A SAML response whose signature, issuer, time window and audience check out, and what it asserts. */
export interface VerifiedSaml {
  readonly providerArn: string;
  readonly providerAccount: string;
  readonly providerName: string;
  readonly issuer: string;
  readonly audience: string;
  readonly subject: string;
  readonly subjectType: string;
  readonly nameQualifier: string;
  readonly attributes: ReadonlyMap<string, readonly string[]>;
  /** The IdP's AuthnStatement SessionNotOnOrAfter, when it set one. */
  readonly sessionEnd?: string;
}

/**
 * Verifies a base64 SAML response from the IAM SAML provider `providerArn` for AWS (AssumeRoleWithSAML, and
 * identity pools' SAML logins): verifiedSamlResponse's checks, then the time window and AWS's audience.
 * Throws STS's InvalidIdentityToken, IDPRejectedClaim or ExpiredTokenException.
 */
export function verifySamlResponse(store: AccountStore, now: Date, providerArn: string, samlAssertion: string): VerifiedSaml {
  const providerMatch = /^arn:[\w-]+:iam::(\d{12}):saml-provider\/([\w._-]+)$/.exec(providerArn);
  const providerStore = providerMatch ? store.forAccount(providerMatch[1]!) : undefined;
  const provider = providerMatch && providerStore ? samlProvidersOf(providerStore).get(nameKey(providerMatch[2]!)) : undefined;
  if (!provider || !providerMatch) throw invalid("Specified provider doesn't exist");

  const { assertion, issuer } = verifiedSamlResponse(samlAssertion, {
    metadata: provider.SAMLMetadataDocument, entityId: entityIdOf(provider),
    unsignedAllowed: provider.Tags?.some((t) => t.Key === VERIFY_TAG && t.Value === "off") ?? false,
  });

  const conditions = child(assertion, "Conditions", ASSERTION_NS);
  const notBefore = attr(conditions, "NotBefore");
  const notOnOrAfter = attr(conditions, "NotOnOrAfter");
  const subject = child(assertion, "Subject", ASSERTION_NS);
  const confirmation = child(child(subject, "SubjectConfirmation", ASSERTION_NS), "SubjectConfirmationData", ASSERTION_NS);
  for (const end of [notOnOrAfter, attr(confirmation, "NotOnOrAfter")]) {
    if (end !== undefined && !(now.getTime() < Date.parse(end))) throw stsErrors.expiredToken("Token has expired: the SAML assertion's NotOnOrAfter has passed");
  }
  if (notBefore !== undefined && now.getTime() < Date.parse(notBefore)) throw invalid("The SAML assertion is not yet valid (NotBefore)");
  const audiences = (conditions ? childElements(conditions, "AudienceRestriction", ASSERTION_NS) : [])
    .flatMap((r) => childElements(r, "Audience", ASSERTION_NS).map((a) => textOf(a).trim()));
  if (audiences.length && !audiences.some((a) => AWS_AUDIENCES.test(a))) throw invalid("Audience of the SAML assertion is not AWS (https://signin.aws.amazon.com/saml)");
  const audience = attr(confirmation, "Recipient") ?? audiences.find((a) => AWS_AUDIENCES.test(a)) ?? "https://signin.aws.amazon.com/saml";

  const nameId = child(subject, "NameID", ASSERTION_NS);
  const format = attr(nameId, "Format") ?? "";
  const providerName = providerMatch[2]!;
  return {
    providerArn, providerAccount: providerMatch[1]!, providerName, issuer, audience,
    subject: textOf(nameId).trim(),
    subjectType: format.startsWith(NAMEID_PREFIX) ? format.slice(NAMEID_PREFIX.length) : format,
    nameQualifier: createHash("sha1").update(`${issuer}${providerMatch[1]}/${providerName}`, "utf8").digest("base64"),
    attributes: attributesOf(assertion),
    sessionEnd: attr(child(assertion, "AuthnStatement", ASSERTION_NS), "SessionNotOnOrAfter"),
  };
}

/** The roles a response's Role attribute pairs with `providerArn` ("role ARN,provider ARN" in either order). */
export function samlRolesFor(saml: VerifiedSaml, providerArn: string): string[] {
  return (saml.attributes.get(`${ATTRIBUTE}Role`) ?? [])
    .map((v) => v.split(",").map((s) => s.trim()))
    .filter((p) => p.length === 2 && p.includes(providerArn))
    .map((p) => (p[0] === providerArn ? p[1]! : p[0]!));
}

export const AssumeRoleWithSAML: Operation<Input, Output> = (ctx) => {
  const { input } = ctx;
  const found = findRole(ctx.store, input.RoleArn);
  if (!found) throw stsErrors.federationDenied(ACTION);
  const { role } = found;
  const now = ctx.clock.now();
  const saml = verifySamlResponse(ctx.store, now, input.PrincipalArn, input.SAMLAssertion);
  const { attributes } = saml;
  if (!samlRolesFor(saml, input.PrincipalArn).includes(input.RoleArn)) throw stsErrors.federationDenied(ACTION);
  const sessionName = attributes.get(`${ATTRIBUTE}RoleSessionName`)?.[0];
  if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) throw invalid("RoleSessionName is missing or invalid in the SAML assertion");
  const sourceIdentity = attributes.get(`${ATTRIBUTE}SourceIdentity`)?.[0];
  const tags: Tag[] = [];
  for (const [name, values] of attributes) {
    if (name.startsWith(`${ATTRIBUTE}PrincipalTag:`) && values[0] !== undefined) tags.push({ Key: name.slice(`${ATTRIBUTE}PrincipalTag:`.length), Value: values[0] });
  }
  const transitive = attributes.get(`${ATTRIBUTE}TransitiveTagKeys`) ?? [];

  let durationSeconds = roleSessionSeconds(role, input.DurationSeconds, false);
  // Credentials last the requested time or until the IdP's SessionNotOnOrAfter, whichever is shorter.
  if (saml.sessionEnd !== undefined) durationSeconds = Math.max(1, Math.min(durationSeconds, Math.floor((Date.parse(saml.sessionEnd) - now.getTime()) / 1000)));
  const policy = checkSessionPolicy({ ...input, Tags: tags });

  const context: Context = {
    "SAML:aud": saml.audience, "SAML:sub": saml.subject, "SAML:sub_type": saml.subjectType, "SAML:iss": saml.issuer,
    "SAML:namequalifier": saml.nameQualifier, "SAML:doc": `${saml.providerAccount}/${saml.providerName}`,
    "aws:FederatedProvider": input.PrincipalArn, "sts:RoleSessionName": sessionName,
    "aws:SourceIp": ctx.caller.sourceIp, "aws:CurrentTime": now, "aws:EpochTime": Math.floor(now.getTime() / 1000),
    "aws:RequestedRegion": ctx.region, ...requestTagContext(tags),
  };
  if (sourceIdentity !== undefined) context["sts:SourceIdentity"] = sourceIdentity;
  for (const [name, values] of attributes) if (!name.startsWith(ATTRIBUTE)) context[`SAML:${name}`] = [...values];
  const actions = [ACTION];
  if (tags.length) actions.push("sts:TagSession");
  if (sourceIdentity !== undefined) actions.push("sts:SetSourceIdentity");
  checkTrust(ctx, { role, principal: { arn: input.PrincipalArn, accountId: saml.providerAccount, type: "anonymous" }, actions, context },
    () => stsErrors.federationDenied(ACTION));

  const issued = issueRoleSession(ctx, {
    role, roleStore: found.store, sessionName, durationSeconds, sourceIdentity, sessionTags: tags, transitiveTagKeys: transitive,
    sessionPolicy: policy.policy, sessionPolicyArns: policy.policyArns,
  });
  return {
    ...issued, PackedPolicySize: policy.packedPolicySize, Subject: saml.subject, SubjectType: saml.subjectType, Issuer: saml.issuer,
    Audience: saml.audience, NameQualifier: saml.nameQualifier, SourceIdentity: sourceIdentity,
  };
};

/** The identity provider a SAML Response is checked against: its metadata (signing certificates), entity id,
 * and whether an unsigned response is accepted (IAM: the provider tagged emulator:verify=off). */
export interface SamlIdp { readonly metadata: string; readonly entityId: string | undefined; readonly unsignedAllowed: boolean }

/** A base64 SAML Response, checked as AWS checks it before reading its claims: a SAML 2.0 protocol Response
 * with status Success, one unencrypted Assertion, a valid enveloped signature (on the Response or the
 * Assertion) by a certificate of the IdP's metadata, and the IdP's entity id as Issuer. Throws STS's
 * InvalidIdentityToken / IDPRejectedClaim with AWS's wording. Shared by AssumeRoleWithSAML and Cognito's
 * /saml2/idpresponse, which then check their own audience and time window. */
export function verifiedSamlResponse(base64: string, idp: SamlIdp): { response: XmlElement; assertion: XmlElement; issuer: string } {
  let response: XmlElement;
  try {
    const xml = Buffer.from(base64, "base64").toString("utf8");
    response = parseXml(xml);
  } catch {
    throw invalid("Invalid base64 SAMLResponse (check that you are sending the encoded SAMLResponse)");
  }
  if (response.local !== "Response" || namespaceOf(response) !== PROTOCOL_NS) throw invalid("The SAML response is not a SAML 2.0 protocol Response");
  const status = attr(child(child(response, "Status", PROTOCOL_NS), "StatusCode", PROTOCOL_NS), "Value");
  if (status !== SUCCESS) throw stsErrors.idpRejectedClaim(`The identity provider answered with status ${status ?? "(none)"}`);
  if (childElements(response, "EncryptedAssertion", ASSERTION_NS).length) {
    throw invalid("Encrypted assertions are not supported by AWS Identity Emulator: send the assertion unencrypted");
  }
  const assertions = childElements(response, "Assertion", ASSERTION_NS);
  if (assertions.length !== 1) throw invalid("The SAML response must contain exactly one Assertion");
  const assertion = assertions[0]!;

  checkSignature(idp, response, assertion);

  const issuer = textOf(child(assertion, "Issuer", ASSERTION_NS) ?? child(response, "Issuer", ASSERTION_NS)).trim();
  if (issuer !== idp.entityId) throw invalid("Issuer not present in specified provider");
  return { response, assertion, issuer };
}

function checkSignature(idp: SamlIdp, response: XmlElement, assertion: XmlElement): void {
  const keys = publicKeysOf(signingCertificatesOf(idp.metadata));
  const verdicts = [verifyEnvelopedSignature(response, response, keys), verifyEnvelopedSignature(assertion, response, keys)];
  const bad = verdicts.find((v) => v.status === "invalid");
  if (bad && bad.status === "invalid") throw invalid(`Invalid signature on the SAML response: ${bad.reason}`);
  if (verdicts.some((v) => v.status === "valid")) return;
  if (idp.unsignedAllowed) return;
  throw invalid(`The SAML response is not signed. Sign the Response or its Assertion, or tag the provider ${VERIFY_TAG}=off to accept unsigned responses.`);
}

function entityIdOf(provider: SamlProviderRow): string | undefined {
  if (provider.entityId) return provider.entityId;
  try { return parseSamlMetadata(provider.SAMLMetadataDocument).entityId; } catch { return undefined; }
}

const metadataParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", removeNSPrefix: true, isArray: (name) => name === "KeyDescriptor" || name === "X509Certificate" });

/** The IdP's signing certificates (KeyDescriptor use="signing" or without use) from its metadata. */
export function signingCertificatesOf(metadata: string): string[] {
  try {
    const doc = metadataParser.parse(metadata) as Record<string, any>;
    const descriptors: any[] = doc.EntityDescriptor?.IDPSSODescriptor?.KeyDescriptor ?? [];
    return descriptors.filter((d) => d["@_use"] === undefined || d["@_use"] === "signing")
      .flatMap((d) => (d.KeyInfo?.X509Data?.X509Certificate ?? []).map((c: unknown) => String(typeof c === "object" && c !== null ? (c as any)["#text"] : c)));
  } catch {
    return [];
  }
}

/** The assertion's attributes by name (AttributeStatement/Attribute/AttributeValue). */
export function attributesOf(assertion: XmlElement): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const statement of childElements(assertion, "AttributeStatement", ASSERTION_NS)) {
    for (const a of childElements(statement, "Attribute", ASSERTION_NS)) {
      const name = attr(a, "Name");
      if (!name) continue;
      const values = childElements(a, "AttributeValue", ASSERTION_NS).map((v) => textOf(v).trim());
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

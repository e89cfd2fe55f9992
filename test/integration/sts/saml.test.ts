// AssumeRoleWithSAML through the SDK against the spawned CLI in enforce mode: a Response signed here with a
// certificate made by openssl, registered as the IAM SAML provider's metadata. The signed XML is written in
// canonical form, so the digest and signature are computed over the very text sent (independently of the
// emulator's canonicalizer).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash, sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateSAMLProviderCommand } from "@aws-sdk/client-iam";
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, createRole, iamFor, keysOf, rejectsWith, stsFor, trustPolicy } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });
const DS = "http://www.w3.org/2000/09/xmldsig#";
const ENTITY = "http://idp.example.test/metadata";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/saml-role`;

let dir = "";
let keyPem = "";
let certB64 = "";

interface AssertionOptions { nameId?: string; role?: string; notOnOrAfter?: Date; sign?: boolean; tamper?: boolean }

function samlResponse(o: AssertionOptions = {}): string {
  const now = new Date();
  const until = (o.notOnOrAfter ?? new Date(now.getTime() + 300_000)).toISOString();
  const roleValue = `${o.role ?? ROLE},${PROVIDER}`;
  const parts = (sig: string) => `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="${now.toISOString()}" Version="2.0">` +
    `<saml:Issuer>${ENTITY}</saml:Issuer>${sig}<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${o.nameId ?? "jdoe"}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="https://signin.aws.amazon.com/saml"></saml:SubjectConfirmationData></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${new Date(now.getTime() - 60_000).toISOString()}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>${roleValue}</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>jdoe</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;
  let assertion = parts("");
  if (o.sign !== false) {
    const digest = createHash("sha256").update(assertion).digest("base64");
    const signedInfo = `<ds:SignedInfo xmlns:ds="${DS}"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>` +
      `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></ds:SignatureMethod><ds:Reference URI="#_a1"><ds:Transforms>` +
      `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform></ds:Transforms>` +
      `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
    const value = sign("sha256", Buffer.from(signedInfo), keyPem).toString("base64");
    assertion = parts(`<ds:Signature xmlns:ds="${DS}">${signedInfo}<ds:SignatureValue>${value}</ds:SignatureValue></ds:Signature>`);
  }
  if (o.tamper) assertion = assertion.replace(">jdoe</saml:NameID>", ">admin</saml:NameID>");
  const response = `<?xml version="1.0" encoding="UTF-8"?>\n<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="${now.toISOString()}">\n` +
    `  <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${ENTITY}</saml:Issuer>\n` +
    `  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\n  ${assertion}\n</samlp:Response>`;
  return Buffer.from(response).toString("base64");
}

describe("AssumeRoleWithSAML", () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "aie-saml-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
      "-subj", "/CN=idp.example.test", "-days", "2"], { stdio: "ignore" });
    keyPem = readFileSync(join(dir, "key.pem"), "utf8");
    certB64 = readFileSync(join(dir, "cert.pem"), "utf8").replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    const metadata = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${ENTITY}"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="${DS}"><ds:X509Data><ds:X509Certificate>${certB64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>` +
      `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://idp.example.test/sso"/></IDPSSODescriptor></EntityDescriptor>`;
    await iamFor(emu).send(new CreateSAMLProviderCommand({ Name: "corp", SAMLMetadataDocument: metadata }));
    await createRole(emu, "saml-role", trustPolicy({ Federated: PROVIDER }, "sts:AssumeRoleWithSAML",
      { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }));
    await createRole(emu, "saml-other", trustPolicy({ Federated: PROVIDER }, "sts:AssumeRoleWithSAML",
      { StringEquals: { "SAML:sub": "someone-else" } }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const assume = (SAMLAssertion: string, RoleArn = ROLE) =>
    stsFor(emu).send(new AssumeRoleWithSAMLCommand({ RoleArn, PrincipalArn: PROVIDER, SAMLAssertion }));

  it("a signed assertion yields a role session and AWS's SAML fields", async () => {
    const out = await assume(samlResponse());
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/saml-role/jdoe`);
    assert.equal(out.Subject, "jdoe");
    assert.equal(out.SubjectType, "persistent");
    assert.equal(out.Issuer, ENTITY);
    assert.equal(out.Audience, "https://signin.aws.amazon.com/saml");
    assert.equal(out.NameQualifier, createHash("sha1").update(`${ENTITY}${ACCOUNT}/corp`).digest("base64"));
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/saml-role/jdoe`);
  });

  it("an assertion changed after signing is refused: InvalidIdentityToken", async () => {
    await assert.rejects(assume(samlResponse({ tamper: true })), rejectsWith("InvalidIdentityToken", 400, /digest mismatch/));
  });

  it("an unsigned response is refused", async () => {
    await assert.rejects(assume(samlResponse({ sign: false })), rejectsWith("InvalidIdentityToken", 400, /^The SAML response is not signed\./));
  });

  // Not only hand-made canonical fixtures: an assertion signed by a real SAML library from npm (auth0's `saml`,
  // which signs with xml-crypto: exclusive C14N, enveloped signature, its own layout and namespace placement),
  // wrapped in a Response as an IdP posts it.
  it("an assertion signed by the saml library (xml-crypto) is accepted, and refused once changed", async () => {
    const { Saml20 } = require("saml") as { Saml20: { create(options: Record<string, unknown>): string } };
    const signed = (nameIdentifier: string) => Saml20.create({
      cert: Buffer.from(readFileSync(join(dir, "cert.pem"))), key: Buffer.from(keyPem), issuer: ENTITY, lifetimeInSeconds: 300,
      audiences: "https://signin.aws.amazon.com/saml", recipient: "https://signin.aws.amazon.com/saml", nameIdentifier,
      nameIdentifierFormat: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
      signatureAlgorithm: "rsa-sha256", digestAlgorithm: "sha256",
      attributes: { "https://aws.amazon.com/SAML/Attributes/Role": `${ROLE},${PROVIDER}`, "https://aws.amazon.com/SAML/Attributes/RoleSessionName": nameIdentifier },
    });
    const response = (assertion: string) => Buffer.from(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r2" Version="2.0" ` +
      `IssueInstant="${new Date().toISOString()}"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`).toString("base64");
    const assertion = signed("libuser");
    const out = await assume(response(assertion));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/saml-role/libuser`);
    assert.equal(out.Subject, "libuser");
    await assert.rejects(assume(response(assertion.replace(/>libuser</g, ">libadmin<"))), rejectsWith("InvalidIdentityToken", 400, /digest mismatch/));
  });

  it("an expired assertion answers ExpiredTokenException", async () => {
    await assert.rejects(assume(samlResponse({ notOnOrAfter: new Date(Date.now() - 1000) })), rejectsWith("ExpiredTokenException", 400));
  });

  it("the Role attribute must pair the requested role with the provider; the trust policy's conditions apply", async () => {
    await assert.rejects(assume(samlResponse({ role: `arn:aws:iam::${ACCOUNT}:role/saml-other` })),
      rejectsWith("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithSAML"));
    await assert.rejects(assume(samlResponse({ role: `arn:aws:iam::${ACCOUNT}:role/saml-other` }), `arn:aws:iam::${ACCOUNT}:role/saml-other`),
      rejectsWith("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithSAML"));
  });

  it("an unknown provider is refused", async () => {
    await assert.rejects(stsFor(emu).send(new AssumeRoleWithSAMLCommand({ RoleArn: ROLE, PrincipalArn: `arn:aws:iam::${ACCOUNT}:saml-provider/none`, SAMLAssertion: samlResponse() })),
      rejectsWith("InvalidIdentityToken", 400, "Specified provider doesn't exist"));
  });
});

// OIDC and SAML identity providers through SDK v3 against the spawned CLI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateOpenIDConnectProviderCommand, GetOpenIDConnectProviderCommand,
  ListOpenIDConnectProvidersCommand, DeleteOpenIDConnectProviderCommand, AddClientIDToOpenIDConnectProviderCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand, UpdateOpenIDConnectProviderThumbprintCommand,
  TagOpenIDConnectProviderCommand, UntagOpenIDConnectProviderCommand, ListOpenIDConnectProviderTagsCommand,
  CreateSAMLProviderCommand, GetSAMLProviderCommand, ListSAMLProvidersCommand, UpdateSAMLProviderCommand,
  DeleteSAMLProviderCommand, TagSAMLProviderCommand, UntagSAMLProviderCommand, ListSAMLProviderTagsCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);
const ACCOUNT = "000000000000";


const GITHUB = "https://token.actions.githubusercontent.com";
const GITHUB_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const THUMB = "6938FD4D98BAB03FAADB97B34396831E3780AEA1";

describe("OpenID Connect providers", () => {
  it("CreateOpenIDConnectProvider answers the ARN (host and path) and the tags", async () => {
    const out = await iam().send(new CreateOpenIDConnectProviderCommand({
      Url: GITHUB, ClientIDList: ["sts.amazonaws.com"], ThumbprintList: [THUMB], Tags: [{ Key: "ci", Value: "github" }],
    }));
    assert.equal(out.OpenIDConnectProviderArn, GITHUB_ARN);
    assert.deepEqual(out.Tags, [{ Key: "ci", Value: "github" }]);
  });

  it("GetOpenIDConnectProvider answers the URL without scheme and thumbprints lower-cased", async () => {
    const out = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    assert.equal(out.Url, "token.actions.githubusercontent.com");
    assert.deepEqual(out.ClientIDList, ["sts.amazonaws.com"]);
    assert.deepEqual(out.ThumbprintList, [THUMB.toLowerCase()]);
    assert.ok(out.CreateDate instanceof Date);
    assert.deepEqual(out.Tags, [{ Key: "ci", Value: "github" }]);
  });

  it("the same URL again is EntityAlreadyExists 409", async () => {
    await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({ Url: GITHUB, ThumbprintList: [THUMB] })),
      rejectsWith("EntityAlreadyExists", 409, `Provider with url ${GITHUB} already exists.`));
  });

  it("bad URLs and thumbprint lists are refused with AWS's codes and nothing is created", async () => {
    const cases: Array<[string, string, number, string]> = [
      ["example.com", "ValidationError", 400, "Invalid Open ID Connect Provider URL"],
      ["http://example.com", "InvalidInput", 400, "Invalid Open ID Connect Provider URL. The URL must begin with https://."],
      ["https://example.com?x=1", "InvalidInput", 400, "Invalid Open ID Connect Provider URL."],
      ["https://example.com:8443", "InvalidInput", 400, "Invalid Open ID Connect Provider URL."],
      ["https://user:pw@example.com", "InvalidInput", 400, "Invalid Open ID Connect Provider URL."],
    ];
    for (const [Url, code, status, message] of cases) {
      await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({ Url, ThumbprintList: [THUMB] })), rejectsWith(code, status, message), Url);
    }
    await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({
      Url: "https://six.example.com", ThumbprintList: ["1", "2", "3", "4", "5", "6"].map((c) => c.repeat(40)),
    })), rejectsWith("InvalidInput", 400, "Thumbprint list must contain fewer than 5 entries."));
    await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({ Url: "https://short.example.com", ThumbprintList: ["abc"] })),
      rejectsWith("ValidationError", 400));
    await assert.rejects(iam().send(new CreateOpenIDConnectProviderCommand({
      Url: "https://dup.example.com", Tags: [{ Key: "k", Value: "1" }, { Key: "K", Value: "2" }],
    })), rejectsWith("InvalidInput", 400, "Duplicate tag keys found. Please note that Tag keys are case insensitive."));
    const list = await iam().send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(list.OpenIDConnectProviderList!.map((p) => p.Arn), [GITHUB_ARN]);
  });

  it("loopback issuers (the emulator's own Cognito pools) are taken over http, with a port", async () => {
    const out = await iam().send(new CreateOpenIDConnectProviderCommand({ Url: "http://127.0.0.1:4566/us-east-1_abc123", ClientIDList: ["app"] }));
    assert.equal(out.OpenIDConnectProviderArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/127.0.0.1:4566/us-east-1_abc123`);
    const got = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: out.OpenIDConnectProviderArn }));
    assert.equal(got.Url, "127.0.0.1:4566/us-east-1_abc123");
    assert.deepEqual(got.ThumbprintList, []);
    const list = await iam().send(new ListOpenIDConnectProvidersCommand({}));
    assert.deepEqual(list.OpenIDConnectProviderList!.map((p) => p.Arn), [out.OpenIDConnectProviderArn, GITHUB_ARN]);
  });

  it("client ids: adding one present or removing one absent changes nothing; thumbprints are replaced", async () => {
    for (const ClientID of ["web", "web"]) await iam().send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ClientID }));
    await iam().send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ClientID: "never" }));
    await iam().send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ClientID: "sts.amazonaws.com" }));
    await iam().send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: GITHUB_ARN, ThumbprintList: ["A".repeat(40), "b".repeat(40)] }));
    const out = await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    assert.deepEqual(out.ClientIDList, ["web"]);
    assert.deepEqual(out.ThumbprintList, ["a".repeat(40), "b".repeat(40)]);
  });

  it("tags: Tag merges, Untag removes, List answers them", async () => {
    await iam().send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, Tags: [{ Key: "CI", Value: "actions" }, { Key: "team", Value: "infra" }] }));
    await iam().send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN, TagKeys: ["team"] }));
    const out = await iam().send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    assert.deepEqual(out.Tags, [{ Key: "ci", Value: "actions" }]);
    assert.equal(out.IsTruncated, false);
  });

  it("a missing provider answers NoSuchEntity 404 with AWS's two wordings", async () => {
    const ghost = `arn:aws:iam::${ACCOUNT}:oidc-provider/ghost.example.com`;
    await assert.rejects(iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ghost })),
      rejectsWith("NoSuchEntity", 404, `OpenIDConnect Provider not found for arn ${ghost}`));
    await assert.rejects(iam().send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ghost, ClientID: "x" })),
      rejectsWith("NoSuchEntity", 404, `OpenIDConnect Provider not found for arn ${ghost}`));
    await iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    // API_DeleteOpenIDConnectProvider: "idempotent; it does not fail or return an error if you call the operation
    // for a provider that does not exist."
    await iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN }));
    await iam().send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: ghost }));
    await assert.rejects(iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: GITHUB_ARN })), rejectsWith("NoSuchEntity", 404));
  });
});

/** IdP metadata as Okta or ADFS publish it; SAMLMetadataDocument must be at least 1,000 characters. */
function metadata(entityId: string): string {
  const certificate = "MIIC".padEnd(900, "A");
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${entityId}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

const OKTA_ARN = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;

describe("SAML providers", () => {
  it("CreateSAMLProvider answers the ARN and tags; Get answers the document, a UUID and ValidUntil a century on", async () => {
    const doc = metadata("https://idp.example.com/saml");
    const out = await iam().send(new CreateSAMLProviderCommand({ Name: "Okta", SAMLMetadataDocument: doc, Tags: [{ Key: "team", Value: "a" }] }));
    assert.equal(out.SAMLProviderArn, OKTA_ARN);
    assert.deepEqual(out.Tags, [{ Key: "team", Value: "a" }]);
    const got = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN }));
    assert.equal(got.SAMLMetadataDocument, doc);
    assert.match(got.SAMLProviderUUID!, /^SAML[A-Z0-9]{18}$/);
    const created = got.CreateDate!;
    const until = got.ValidUntil!;
    assert.equal(until.getUTCFullYear(), created.getUTCFullYear() + 100);
    assert.equal(until.getUTCMonth(), created.getUTCMonth());
    assert.equal(got.AssertionEncryptionMode, undefined);
    const list = await iam().send(new ListSAMLProvidersCommand({}));
    assert.deepEqual(list.SAMLProviderList!.map((p) => [p.Arn, p.CreateDate?.getTime(), p.ValidUntil?.getTime()]),
      [[OKTA_ARN, created.getTime(), until.getTime()]]);
  });

  it("names are unique regardless of case, and the ARN resolves regardless of case", async () => {
    await assert.rejects(iam().send(new CreateSAMLProviderCommand({ Name: "OKTA", SAMLMetadataDocument: metadata("https://x.example.com") })),
      rejectsWith("EntityAlreadyExists", 409, "SAMLProvider with name OKTA already exists."));
    const got = await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN.replace("Okta", "okta") }));
    assert.ok(got.SAMLMetadataDocument!.includes("https://idp.example.com/saml"));
  });

  it("a document that is not IdP metadata is InvalidInput; a short one fails the model's length; nothing is created", async () => {
    await assert.rejects(iam().send(new CreateSAMLProviderCommand({ Name: "Bad", SAMLMetadataDocument: `<a>${"x".repeat(1000)}</a>` })),
      rejectsWith("InvalidInput", 400, "Could not parse metadata"));
    await assert.rejects(iam().send(new CreateSAMLProviderCommand({ Name: "Bad", SAMLMetadataDocument: `<not xml ${"x".repeat(1000)}` })),
      rejectsWith("InvalidInput", 400, "Could not parse metadata"));
    await assert.rejects(iam().send(new CreateSAMLProviderCommand({ Name: "Bad", SAMLMetadataDocument: "<short/>" })),
      rejectsWith("ValidationError", 400));
    const list = await iam().send(new ListSAMLProvidersCommand({}));
    assert.deepEqual(list.SAMLProviderList!.map((p) => p.Arn), [OKTA_ARN]);
  });

  it("UpdateSAMLProvider replaces the document; an update with nothing to change is InvalidInput", async () => {
    const doc = metadata("https://other.example.com/saml");
    const out = await iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN, SAMLMetadataDocument: doc }));
    assert.equal(out.SAMLProviderArn, OKTA_ARN);
    assert.equal((await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN }))).SAMLMetadataDocument, doc);
    await assert.rejects(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN })),
      rejectsWith("InvalidInput", 400, "No updates are defined for the SAML provider."));
    await assert.rejects(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN, SAMLMetadataDocument: `<a>${"x".repeat(1000)}</a>` })),
      rejectsWith("InvalidInput", 400, "Could not parse metadata"));
    assert.equal((await iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN }))).SAMLMetadataDocument, doc, "unchanged by the refused update");
  });

  it("private keys for encrypted assertions answer NotImplemented 501 rather than pretending", async () => {
    await assert.rejects(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN, AddPrivateKey: "-----BEGIN PRIVATE KEY-----" })),
      rejectsWith("NotImplemented", 501));
    await assert.rejects(iam().send(new UpdateSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN, AssertionEncryptionMode: "Required" })),
      rejectsWith("InvalidInput", 400, "Cannot set AssertionEncryptionMode to Required because no private key is provided."));
  });

  it("tags, then delete; a missing provider is NoSuchEntity 'Manifest not found'", async () => {
    await iam().send(new TagSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN, Tags: [{ Key: "Env", Value: "prod" }] }));
    await iam().send(new UntagSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN, TagKeys: ["TEAM"] }));
    assert.deepEqual((await iam().send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: OKTA_ARN }))).Tags, [{ Key: "Env", Value: "prod" }]);
    await iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN }));
    for (const send of [
      () => iam().send(new GetSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN })),
      () => iam().send(new DeleteSAMLProviderCommand({ SAMLProviderArn: OKTA_ARN })),
      () => iam().send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: OKTA_ARN })),
    ]) {
      await assert.rejects(send(), rejectsWith("NoSuchEntity", 404, `Manifest not found for arn ${OKTA_ARN}`));
    }
  });
});

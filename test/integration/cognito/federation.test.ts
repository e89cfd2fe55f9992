// Federated sign-in end to end against the spawned CLI: the emulator's own second pool is a real OpenID
// Connect provider for the first (discovery, code exchange, ID token verified with its JWKS, userinfo, all
// through the outbound client), and a SAML IdP is played here by signing a Response with a certificate made
// for the test. The federated user is "<provider>_<id>" with the `identities` claim and mapped attributes, or
// the user AdminLinkProviderForUser linked the identity to.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash, sign } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import * as oidc from "openid-client";
import {
  AdminDeleteUserCommand, AdminDisableProviderForUserCommand, AdminGetUserCommand, AdminLinkProviderForUserCommand, AdminUpdateUserAttributesCommand, CreateIdentityProviderCommand, CreateUserPoolClientCommand, DescribeIdentityProviderCommand, UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { selfSigned } from "../iam/x509-fixtures.js";
import { cognito } from "./cognito-fixtures.js";
import { addUser, CALLBACK, CookieJar, oauthPool, originOf, signInThroughPages, verifyToken, visit, type OAuthPool } from "./oauth-fixtures.js";

const emu = useEmulator();
let app: OAuthPool;
let idp: OAuthPool;
let origin = "";
let config: oidc.Configuration;

const DS = "http://www.w3.org/2000/09/xmldsig#";
const SAML_ENTITY = "http://saml-idp.example.test/metadata";
const SAML_SSO = "http://saml-idp.example.test/sso";
let samlKey = "";

async function exchange(callback: URL, verifier: string, state: string) {
  return oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
}

async function authorizeUrl(provider: string, state: string, verifier: string): Promise<string> {
  return oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK, scope: "openid email profile", state, identity_provider: provider,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
  }).href;
}

describe("Federated sign-in through identity providers", () => {
  before(async () => {
    origin = originOf(emu);
    app = await oauthPool(emu, "fed-app");
    idp = await oauthPool(emu, "fed-idp", {}, { GenerateSecret: true, CallbackURLs: [`${app.base}/oauth2/idpresponse`] });
    await addUser(emu, idp.poolId, "bob", { email: "bob@corp.example", name: "Bob Builder" });
    const c = cognito(emu);
    await c.send(new CreateIdentityProviderCommand({
      UserPoolId: app.poolId, ProviderName: "Corp", ProviderType: "OIDC", IdpIdentifiers: ["corp.example"],
      ProviderDetails: { client_id: idp.clientId, client_secret: idp.clientSecret!, authorize_scopes: "openid email profile", oidc_issuer: idp.issuer, attributes_request_method: "GET" },
      AttributeMapping: { email: "email", name: "name" },
    }));
    const cert = selfSigned("saml-idp.example.test");
    samlKey = cert.key;
    const certB64 = cert.cert.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
    await c.send(new CreateIdentityProviderCommand({
      UserPoolId: app.poolId, ProviderName: "CorpSAML", ProviderType: "SAML", AttributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
      ProviderDetails: { MetadataFile: `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${SAML_ENTITY}"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
        `<KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="${DS}"><ds:X509Data><ds:X509Certificate>${certB64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></KeyDescriptor>` +
        `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${SAML_SSO}"/></IDPSSODescriptor></EntityDescriptor>` },
    }));
    await c.send(new UpdateUserPoolClientCommand({ UserPoolId: app.poolId, ClientId: app.clientId, ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO", "Corp", "CorpSAML"] }));
    config = await oidc.discovery(new URL(app.issuer), app.clientId, undefined, undefined, { execute: [oidc.allowInsecureRequests] });
  });

  it("an OIDC provider is completed from its discovery document", async () => {
    const { IdentityProvider } = await cognito(emu).send(new DescribeIdentityProviderCommand({ UserPoolId: app.poolId, ProviderName: "Corp" }));
    assert.equal(IdentityProvider!.ProviderDetails!.authorize_url, `${idp.base}/oauth2/authorize`);
    assert.equal(IdentityProvider!.ProviderDetails!.token_url, `${idp.base}/oauth2/token`);
    assert.equal(IdentityProvider!.ProviderDetails!.attributes_url, `${idp.base}/oauth2/userInfo`);
    assert.equal(IdentityProvider!.ProviderDetails!.jwks_uri, `${idp.issuer}/.well-known/jwks.json`);
    assert.deepEqual(IdentityProvider!.AttributeMapping, { username: "sub", email: "email", name: "name" });
  });

  it("identity_provider=Corp: the second pool's login page, then the first pool's tokens for Corp_<sub>", async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = await authorizeUrl("Corp", "fed1", verifier);
    const first = await visit(new CookieJar(), url);
    assert.ok(first.location!.startsWith(`${idp.base}/oauth2/authorize?client_id=${idp.clientId}&response_type=code&redirect_uri=${encodeURIComponent(`${app.base}/oauth2/idpresponse`)}`));
    const callback = await signInThroughPages(new CookieJar(), url, origin, "bob");
    assert.equal(callback.searchParams.get("state"), "fed1");
    const tokens = await exchange(callback, verifier, "fed1");
    const id = await verifyToken(app.issuer, tokens.id_token!, "id", app.clientId);
    const bob = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: idp.poolId, Username: "bob" }));
    const bobSub = bob.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    assert.equal(id["cognito:username"], `Corp_${bobSub}`);
    assert.equal(id.email, "bob@corp.example");
    assert.equal(id.name, "Bob Builder");
    const identities = id.identities as Record<string, unknown>[];
    assert.equal(identities.length, 1);
    assert.deepEqual({ ...identities[0], dateCreated: undefined }, { userId: bobSub, providerName: "Corp", providerType: "OIDC", issuer: null, primary: "true", dateCreated: undefined });
    const user = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: `Corp_${bobSub}` }));
    assert.equal(user.UserStatus, "EXTERNAL_PROVIDER");
  });

  it("the next federated sign-in updates the mapped attributes; idp_identifier finds the provider", async () => {
    await cognito(emu).send(new AdminUpdateUserAttributesCommand({ UserPoolId: idp.poolId, Username: "bob", UserAttributes: [{ Name: "name", Value: "Robert" }] }));
    const verifier = oidc.randomPKCECodeVerifier();
    const url = (await authorizeUrl("Corp", "fed2", verifier)).replace("identity_provider=Corp", "idp_identifier=corp.example");
    const tokens = await exchange(await signInThroughPages(new CookieJar(), url, origin, "bob"), verifier, "fed2");
    assert.equal((await verifyToken(app.issuer, tokens.id_token!, "id", app.clientId)).name, "Robert");
  });

  it("a provider the client does not support, or a forged state, is refused", async () => {
    const other = await cognito(emu).send(new CreateUserPoolClientCommand({ UserPoolId: app.poolId, ClientName: "cognito-only",
      AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO"] }));
    const step = await visit(new CookieJar(), `${app.base}/oauth2/authorize?client_id=${other.UserPoolClient!.ClientId}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}&identity_provider=Corp&state=x`);
    assert.equal(step.location, `${CALLBACK}?error=invalid_request&error_description=${encodeURIComponent(`Identity provider Corp is not supported by client ${other.UserPoolClient!.ClientId}.`).replace(/%20/g, "+")}&state=x`);
    const forged = await visit(new CookieJar(), `${app.base}/oauth2/idpresponse?code=abc&state=not-ours`);
    assert.equal(forged.location, `${app.base}/error?error=invalid_request&error_description=Invalid+or+expired+state.`);
  });

  /** A SAML Response to the AuthnRequest in `location`, its Assertion signed with the IdP's key (canonical form as written). */
  function samlAnswer(location: string, o: { audience?: string; tamper?: boolean; nameId?: string } = {}): { SAMLResponse: string; RelayState: string } {
    const url = new URL(location);
    const request = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest")!, "base64")).toString("utf8");
    const requestId = /ID="([^"]+)"/.exec(request)![1]!;
    assert.match(request, new RegExp(`<saml:Issuer>urn:amazon:cognito:sp:${app.poolId}</saml:Issuer>`));
    const now = new Date();
    const until = new Date(now.getTime() + 300_000).toISOString();
    const audience = o.audience ?? `urn:amazon:cognito:sp:${app.poolId}`;
    const parts = (sig: string) => `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="${now.toISOString()}" Version="2.0">` +
      `<saml:Issuer>${SAML_ENTITY}</saml:Issuer>${sig}<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${o.nameId ?? "carol@corp.example"}</saml:NameID></saml:Subject>` +
      `<saml:Conditions NotBefore="${new Date(now.getTime() - 60_000).toISOString()}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AttributeStatement><saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue>carol@corp.example</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion>`;
    const unsigned = parts("");
    const digest = createHash("sha256").update(unsigned).digest("base64");
    const signedInfo = `<ds:SignedInfo xmlns:ds="${DS}"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>` +
      `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></ds:SignatureMethod><ds:Reference URI="#_a1"><ds:Transforms>` +
      `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform></ds:Transforms>` +
      `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
    let assertion = parts(`<ds:Signature xmlns:ds="${DS}">${signedInfo}<ds:SignatureValue>${sign("sha256", Buffer.from(signedInfo), samlKey).toString("base64")}</ds:SignatureValue></ds:Signature>`);
    if (o.tamper) assertion = assertion.replace(">carol@corp.example</saml:NameID>", ">mallory@corp.example</saml:NameID>");
    const response = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="${now.toISOString()}" InResponseTo="${requestId}">` +
      `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${SAML_ENTITY}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
    return { SAMLResponse: Buffer.from(response).toString("base64"), RelayState: url.searchParams.get("RelayState")! };
  }

  it("SAML: a signed assertion posted to /saml2/idpresponse signs CorpSAML_<NameID> in", async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const jar = new CookieJar();
    const toIdp = await visit(jar, await authorizeUrl("CorpSAML", "saml1", verifier));
    assert.ok(toIdp.location!.startsWith(`${SAML_SSO}?SAMLRequest=`));
    const answer = await visit(jar, `${app.base}/saml2/idpresponse`, samlAnswer(toIdp.location!));
    assert.equal(answer.status, 302);
    const callback = new URL(answer.location!);
    const tokens = await exchange(callback, verifier, "saml1");
    const id = await verifyToken(app.issuer, tokens.id_token!, "id", app.clientId);
    assert.equal(id["cognito:username"], "CorpSAML_carol@corp.example");
    assert.equal(id.email, "carol@corp.example");
    assert.equal((id.identities as { providerType: string }[])[0]!.providerType, "SAML");
  });

  it("SAML: an assertion changed after signing, or for another audience, is refused back at the app", async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const toIdp = await visit(new CookieJar(), await authorizeUrl("CorpSAML", "saml2", verifier));
    const tampered = await visit(new CookieJar(), `${app.base}/saml2/idpresponse`, samlAnswer(toIdp.location!, { tamper: true }));
    const error = new URL(tampered.location!);
    assert.equal(`${error.origin}${error.pathname}`, CALLBACK);
    assert.equal(error.searchParams.get("error"), "invalid_request");
    assert.match(error.searchParams.get("error_description")!, /^Invalid signature on the SAML response: /);
    assert.equal(error.searchParams.get("state"), "saml2");
    const elsewhere = await visit(new CookieJar(), `${app.base}/saml2/idpresponse`, samlAnswer(toIdp.location!, { audience: "urn:amazon:cognito:sp:us-east-1_Other" }));
    assert.equal(new URL(elsewhere.location!).searchParams.get("error_description"), `Invalid SAML response: the audience must be urn:amazon:cognito:sp:${app.poolId}.`);
  });

  /** A SAML sign-in as `nameId` through the pages, to the app's tokens: the ID token's claims. */
  async function samlSignIn(nameId: string, state: string): Promise<Record<string, unknown>> {
    const verifier = oidc.randomPKCECodeVerifier();
    const jar = new CookieJar();
    const toIdp = await visit(jar, await authorizeUrl("CorpSAML", state, verifier));
    const answer = await visit(jar, `${app.base}/saml2/idpresponse`, samlAnswer(toIdp.location!, { nameId }));
    const tokens = await exchange(new URL(answer.location!), verifier, state);
    return verifyToken(app.issuer, tokens.id_token!, "id", app.clientId);
  }

  const identitiesOf = async (username: string) => {
    const user = await cognito(emu).send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: username }));
    const text = user.UserAttributes!.find((a) => a.Name === "identities")?.Value;
    return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>[]).map(({ dateCreated, ...rest }) => ({ ...rest, dated: /^\d+$/.test(String(dateCreated)) }));
  };

  it("AdminLinkProviderForUser: a linked SAML identity signs in as the pool's own user; AdminDisableProviderForUser unlinks it", async () => {
    const c = cognito(emu);
    await addUser(emu, app.poolId, "dave", { email: "dave@app.example" });
    const dave = await c.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: "dave" }));
    const daveSub = dave.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
    const source = { ProviderName: "CorpSAML", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "dave@corp.example" };
    await c.send(new AdminLinkProviderForUserCommand({ UserPoolId: app.poolId, DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "dave" }, SourceUser: source }));
    assert.deepEqual(await identitiesOf("dave"), [{ userId: "dave@corp.example", providerName: "CorpSAML", providerType: "SAML", issuer: null, primary: "false", dated: true }]);

    const linked = await samlSignIn("dave@corp.example", "link1");
    assert.equal(linked["cognito:username"], "dave");
    assert.equal(linked.sub, daveSub);
    assert.equal(linked.email, "carol@corp.example", "the provider's mapped attributes update the linked user");
    assert.deepEqual((linked.identities as { providerName: string; userId: string }[]).map((i) => `${i.providerName}:${i.userId}`), ["CorpSAML:dave@corp.example"]);
    await assert.rejects(c.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: "CorpSAML_dave@corp.example" })), { name: "UserNotFoundException" });

    await c.send(new AdminDisableProviderForUserCommand({ UserPoolId: app.poolId, User: source }));
    assert.equal(await identitiesOf("dave"), undefined);
    const unlinked = await samlSignIn("dave@corp.example", "link2");
    assert.equal(unlinked["cognito:username"], "CorpSAML_dave@corp.example");
    assert.notEqual(unlinked.sub, daveSub);
    // Disabled once more, the federated user itself can no longer sign in.
    await c.send(new AdminDisableProviderForUserCommand({ UserPoolId: app.poolId, User: source }));
    assert.equal((await c.send(new AdminGetUserCommand({ UserPoolId: app.poolId, Username: "CorpSAML_dave@corp.example" }))).Enabled, false);
  });

  it("a SAML link may name an attribute of the assertion; a deleted user's links go with it", async () => {
    const c = cognito(emu);
    await addUser(emu, app.poolId, "frank");
    const email = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";
    await c.send(new AdminLinkProviderForUserCommand({ UserPoolId: app.poolId, DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "frank" },
      SourceUser: { ProviderName: "CorpSAML", ProviderAttributeName: email, ProviderAttributeValue: "carol@corp.example" } }));
    assert.equal((await samlSignIn("frank-at-idp", "link3"))["cognito:username"], "frank", "the assertion's email attribute is carol@corp.example");
    await c.send(new AdminDeleteUserCommand({ UserPoolId: app.poolId, Username: "frank" }));
    await addUser(emu, app.poolId, "frank");
    assert.equal((await samlSignIn("frank-at-idp", "link4"))["cognito:username"], "CorpSAML_frank-at-idp");
  });

  it("AdminLinkProviderForUser refuses what Cognito refuses, with its errors", async () => {
    const c = cognito(emu);
    await addUser(emu, app.poolId, "grace");
    const link = (source: Record<string, string>, destination: Record<string, string> = { ProviderName: "Cognito", ProviderAttributeValue: "grace" }) =>
      c.send(new AdminLinkProviderForUserCommand({ UserPoolId: app.poolId, DestinationUser: destination, SourceUser: source }));
    await assert.rejects(link({ ProviderName: "Cognito", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "dave" }), {
      name: "InvalidParameterException", message: "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser" });
    await samlSignIn("heidi@corp.example", "link5");
    await assert.rejects(link({ ProviderName: "CorpSAML", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "heidi@corp.example" }), {
      name: "InvalidParameterException", message: "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link" });
    await assert.rejects(link({ ProviderName: "Corp", ProviderAttributeName: "email", ProviderAttributeValue: "x@corp.example" }), {
      name: "InvalidParameterException", message: "Invalid SourceUser: ProviderAttributeName must be Cognito_Subject for OIDC identity providers." });
    await assert.rejects(link({ ProviderName: "Nowhere", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "x" }), { name: "ResourceNotFoundException", message: "Identity provider Nowhere does not exist." });
    await assert.rejects(link({ ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "x" }, { ProviderName: "Cognito", ProviderAttributeValue: "nobody" }),
      { name: "UserNotFoundException", message: "User does not exist." });
    for (let i = 1; i <= 5; i++) await link({ ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: `sub-${i}` });
    await link({ ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "sub-5" }); // the same link again changes nothing
    await assert.rejects(link({ ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "sub-6" }),
      { name: "LimitExceededException", message: "A user can be linked to at most 5 identities of external providers." });
    await addUser(emu, app.poolId, "ivan");
    await assert.rejects(link({ ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "sub-1" }, { ProviderName: "Cognito", ProviderAttributeValue: "ivan" }),
      { name: "AliasExistsException", message: "The SourceUser is already linked to another user." });
    await assert.rejects(c.send(new AdminDisableProviderForUserCommand({ UserPoolId: app.poolId, User: { ProviderName: "Corp", ProviderAttributeName: "Cognito_Subject", ProviderAttributeValue: "never-seen" } })),
      { name: "UserNotFoundException", message: "User does not exist." });
  });
});

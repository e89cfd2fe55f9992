// Identity pools with other identity providers, against the spawned CLI in enforce mode: an OIDC provider
// registered in IAM (ID tokens signed here by jose, keys served from a local JWKS server on port 0) and a
// SAML provider (its response's Role attribute offering roles, CustomRoleArn choosing among them).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair, SignJWT } from "jose";
import { GetCredentialsForIdentityCommand, GetIdCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { CreateOpenIDConnectProviderCommand, CreateSAMLProviderCommand } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { startOidcIssuer, type OidcIssuer } from "../../support/oidc-issuer.js";
import { ACCOUNT, cognitoTrust, createIdentityPool, createRole, iam, identity, identityRejects } from "./fixtures.js";

// The issuer exists before the emulator starts, so --allow-outbound can name it (no other loopback service is reached).
let oidc: OidcIssuer;
const emu = useEmulator(async () => {
  oidc = await startOidcIssuer();
  return { args: ["--mode", "enforce", "--allow-outbound", `${oidc.url}/`] };
});
after(() => oidc?.close());

async function callerArn(c: { AccessKeyId?: string; SecretKey?: string; SessionToken?: string }): Promise<string> {
  const sts = new STSClient({ ...emu.clientConfig, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretKey!, sessionToken: c.SessionToken! }, maxAttempts: 1 });
  return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
}

describe("OIDC provider logins", () => {
  let providerKey = ""; // the issuer without its scheme: the Logins key
  let poolId = "";
  const token = (claims: Record<string, unknown> = {}, lifetime = 300) => oidc.token({ aud: "mobile-app", sub: "oidc-user-1", ...claims }, lifetime);

  before(async () => {
    providerKey = oidc.url.slice("http://".length);
    const arn = (await iam(emu).send(new CreateOpenIDConnectProviderCommand({ Url: oidc.url, ClientIDList: ["mobile-app"] }))).OpenIDConnectProviderArn!;
    poolId = await createIdentityPool(emu, { IdentityPoolName: "oidc", AllowUnauthenticatedIdentities: false, OpenIdConnectProviderARNs: [arn] });
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: await createRole(emu, "oidc-users", cognitoTrust(poolId, "authenticated")) } }));
  });

  it("an ID token of the registered issuer, keyed by the issuer without its scheme, gets credentials", async () => {
    const logins = { [providerKey]: await token() };
    const { IdentityId } = await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }));
    const out = await identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
    assert.equal(await callerArn(out.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/oidc-users/CognitoIdentityCredentials`);
    assert.equal((await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [providerKey]: await token() } }))).IdentityId, IdentityId);
  });

  it("a wrong audience, a foreign signature or an expired token: NotAuthorizedException", async () => {
    const getId = async (t: string) => identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [providerKey]: t } }));
    await assert.rejects(getId(await token({ aud: "another-app" })), identityRejects("NotAuthorizedException", "Invalid login token. Incorrect token audience."));
    const stranger = (await generateKeyPair("RS256")).privateKey;
    const forged = await new SignJWT({ aud: "mobile-app", sub: "x" }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(oidc.url).setExpirationTime("5m").sign(stranger);
    await assert.rejects(getId(forged), identityRejects("NotAuthorizedException", "Invalid login token. Couldn't verify signed token."));
    await assert.rejects(getId(await token({}, -10)), identityRejects("NotAuthorizedException", /^Invalid login token\. Token expired: \d+ >= \d+$/));
  });
});

describe("SAML provider logins", () => {
  const ENTITY = "http://idp.example.test/metadata";
  const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
  let poolId = "";
  let engineers = "";
  let managers = "";
  /** An unsigned response (the provider is tagged emulator:verify=off) offering `roles`. */
  const response = (roles: string[], nameId = "jdoe") => {
    const now = new Date();
    const until = new Date(now.getTime() + 300_000).toISOString();
    const values = roles.map((r) => `<saml:AttributeValue>${r},${PROVIDER}</saml:AttributeValue>`).join("");
    return Buffer.from(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" IssueInstant="${now.toISOString()}">` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1" IssueInstant="${now.toISOString()}" Version="2.0"><saml:Issuer>${ENTITY}</saml:Issuer>` +
      `<saml:Subject><saml:NameID>${nameId}</saml:NameID></saml:Subject><saml:Conditions NotOnOrAfter="${until}"></saml:Conditions>` +
      `<saml:AttributeStatement><saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">${values}</saml:Attribute></saml:AttributeStatement>` +
      `</saml:Assertion></samlp:Response>`).toString("base64");
  };

  before(async () => {
    const metadata = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${ENTITY}"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="http://idp.example.test/sso"/></IDPSSODescriptor>` +
      // IAM takes metadata of 1,000 characters or more; an unsigned IdP's is short.
      `<!-- ${"padding ".repeat(120)}--></EntityDescriptor>`;
    await iam(emu).send(new CreateSAMLProviderCommand({ Name: "corp", SAMLMetadataDocument: metadata, Tags: [{ Key: "emulator:verify", Value: "off" }] }));
    poolId = await createIdentityPool(emu, { IdentityPoolName: "saml", AllowUnauthenticatedIdentities: false, SamlProviderARNs: [PROVIDER] });
    engineers = await createRole(emu, "engineers", cognitoTrust(poolId, "authenticated"));
    managers = await createRole(emu, "managers", cognitoTrust(poolId, "authenticated"));
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: await createRole(emu, "saml-default", cognitoTrust(poolId, "authenticated")) } }));
  });

  it("the response's one role is taken; with several, CustomRoleArn chooses", async () => {
    const one = { [PROVIDER]: response([engineers]) };
    const { IdentityId } = await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: one }));
    const single = await identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: one }));
    assert.equal(await callerArn(single.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/engineers/CognitoIdentityCredentials`);
    const both = { [PROVIDER]: response([engineers, managers]) };
    const chosen = await identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: both, CustomRoleArn: managers }));
    assert.equal(await callerArn(chosen.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/managers/CognitoIdentityCredentials`);
  });

  it("a response that is not SAML: NotAuthorizedException with STS's reason", async () => {
    await assert.rejects(identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [PROVIDER]: Buffer.from("<html/>").toString("base64") } })),
      identityRejects("NotAuthorizedException", "Invalid login token. The SAML response is not a SAML 2.0 protocol Response"));
  });
});

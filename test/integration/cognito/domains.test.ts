// The control plane of web sign-in through the SDK against the spawned CLI: user pool domains, resource
// servers, app clients' OAuth settings as AWS validates them, identity providers, and branding calls that
// store and return what they are given.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CreateIdentityProviderCommand, CreateManagedLoginBrandingCommand, CreateResourceServerCommand, CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand, DeleteIdentityProviderCommand, DeleteResourceServerCommand, DeleteUserPoolCommand, DeleteUserPoolDomainCommand,
  DescribeManagedLoginBrandingByClientCommand, DescribeResourceServerCommand, DescribeUserPoolCommand, DescribeUserPoolDomainCommand,
  GetIdentityProviderByIdentifierCommand, GetUICustomizationCommand, ListIdentityProvidersCommand, ListResourceServersCommand, SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand, UpdateResourceServerCommand, UpdateUserPoolClientCommand, UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito, makePool } from "./cognito-fixtures.js";
import { CALLBACK, originOf } from "./oauth-fixtures.js";

const emu = useEmulator();
let poolId = "";

describe("User pool domains", () => {
  before(async () => { ({ poolId } = await makePool(emu)); });

  it("a prefix domain is ACTIVE at once and described with the base URL it is served at", async () => {
    const c = cognito(emu);
    const created = await c.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "shop-login", ManagedLoginVersion: 2 }));
    assert.equal(created.ManagedLoginVersion, 2);
    assert.equal(created.CloudFrontDomain, undefined);
    const { DomainDescription: d } = await c.send(new DescribeUserPoolDomainCommand({ Domain: "shop-login" }));
    assert.equal(d!.UserPoolId, poolId);
    assert.equal(d!.AWSAccountId, "000000000000");
    assert.equal(d!.Status, "ACTIVE");
    assert.equal(d!.ManagedLoginVersion, 2);
    assert.equal(d!.CloudFrontDistribution, `${emu.endpoint}/_cognito/shop-login.auth.us-east-1.amazoncognito.com`);
    assert.match(d!.Version!, /^\d{14}$/);
    assert.equal((await c.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.Domain, "shop-login");
    const page = await fetch(`${originOf(emu)}/_cognito/shop-login.auth.us-east-1.amazoncognito.com/login?client_id=x`, { redirect: "manual" });
    assert.equal(page.status, 302, "the domain answers on the emulator's own address");
  });

  it("the extension's snapshot names the domain and every URL it serves, from the same place", async () => {
    const snapshot = await (await fetch(`${originOf(emu)}/_emulator/resources`)).json() as { userPools: { id: string; domain?: Record<string, any> }[] };
    const pool = snapshot.userPools.find((p) => p.id === poolId)!;
    const base = `${originOf(emu)}/_cognito/shop-login.auth.us-east-1.amazoncognito.com`;
    assert.deepEqual(pool.domain, { domain: "shop-login", baseUrl: base, custom: false, managedLoginVersion: 2, urls: {
      issuer: `${originOf(emu)}/${poolId}`, discovery: `${originOf(emu)}/${poolId}/.well-known/openid-configuration`, jwks: `${originOf(emu)}/${poolId}/.well-known/jwks.json`,
      authorize: `${base}/oauth2/authorize`, token: `${base}/oauth2/token`, userInfo: `${base}/oauth2/userInfo`, revoke: `${base}/oauth2/revoke`, logout: `${base}/logout`, login: `${base}/login` } });
  });

  it("one domain per pool; a taken prefix, a reserved word, and a missing pool are refused", async () => {
    const c = cognito(emu);
    await assert.rejects(c.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: "shop-login-2" })), awsRejects("InvalidParameterException", "User pool already has a domain configured."));
    const other = await makePool(emu);
    await assert.rejects(c.send(new CreateUserPoolDomainCommand({ UserPoolId: other.poolId, Domain: "shop-login" })), awsRejects("InvalidParameterException", "Domain already associated with another user pool."));
    await assert.rejects(c.send(new CreateUserPoolDomainCommand({ UserPoolId: other.poolId, Domain: "my-cognito-app" })), awsRejects("InvalidParameterException", "Domain cannot contain reserved word: cognito"));
    await assert.rejects(c.send(new CreateUserPoolDomainCommand({ UserPoolId: "us-east-1_Nope12345", Domain: "free-name" })), awsRejects("ResourceNotFoundException", "User pool us-east-1_Nope12345 does not exist."));
  });

  it("a custom domain needs its certificate, is described as CustomDomain and served at its own host name", async () => {
    const c = cognito(emu);
    const { poolId: id } = await makePool(emu);
    await assert.rejects(c.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "auth.shop.example" })),
      awsRejects("InvalidParameterException", "A custom domain requires CustomDomainConfig with the CertificateArn of its ACM certificate."));
    const CertificateArn = "arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555";
    const made = await c.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "auth.shop.example", CustomDomainConfig: { CertificateArn } }));
    assert.equal(made.CloudFrontDomain, `${emu.endpoint}/_cognito/auth.shop.example`);
    const { DomainDescription: d } = await c.send(new DescribeUserPoolDomainCommand({ Domain: "auth.shop.example" }));
    assert.deepEqual([d!.UserPoolId, d!.CustomDomainConfig, d!.CloudFrontDistribution], [id, { CertificateArn }, `${emu.endpoint}/_cognito/auth.shop.example`]);
    assert.equal((await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.CustomDomain, "auth.shop.example");
    const page = await fetch(`${originOf(emu)}/_cognito/auth.shop.example/oauth2/authorize?client_id=nobody`, { redirect: "manual" });
    assert.equal(page.headers.get("location"), `${originOf(emu)}/_cognito/auth.shop.example/error?error=invalid_request&error_description=Client+nobody+does+not+exist+in+this+user+pool.`);
  });

  it("an unknown domain is described as an empty structure, as AWS does", async () => {
    const out = await cognito(emu).send(new DescribeUserPoolDomainCommand({ Domain: "nobody-has-this" }));
    assert.deepEqual(out.DomainDescription, {});
  });

  it("update changes the managed login version; a pool with a domain cannot be deleted until the domain is", async () => {
    const c = cognito(emu);
    const { poolId: id } = await makePool(emu);
    await c.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "to-delete" }));
    assert.equal((await c.send(new UpdateUserPoolDomainCommand({ UserPoolId: id, Domain: "to-delete", ManagedLoginVersion: 2 }))).ManagedLoginVersion, 2);
    await assert.rejects(c.send(new DeleteUserPoolCommand({ UserPoolId: id })), awsRejects("InvalidParameterException", "User pool cannot be deleted. It has a domain configured that should be deleted first."));
    await assert.rejects(c.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: "to-delete" })), awsRejects("InvalidParameterException", "No such domain or user pool exists."));
    await c.send(new DeleteUserPoolDomainCommand({ UserPoolId: id, Domain: "to-delete" }));
    assert.deepEqual((await c.send(new DescribeUserPoolDomainCommand({ Domain: "to-delete" }))).DomainDescription, {});
    await c.send(new DeleteUserPoolCommand({ UserPoolId: id }));
    const gone = await fetch(`${originOf(emu)}/_cognito/to-delete.auth.us-east-1.amazoncognito.com/oauth2/authorize`);
    assert.equal(gone.status, 404);
  });
});

describe("Resource servers", () => {
  it("create, describe, list with pagination, update (replaces scopes), delete", async () => {
    const c = cognito(emu);
    const { poolId: id } = await makePool(emu);
    const scopes = [{ ScopeName: "read", ScopeDescription: "Read orders" }, { ScopeName: "write", ScopeDescription: "Write orders" }];
    const made = await c.send(new CreateResourceServerCommand({ UserPoolId: id, Identifier: "https://orders.example.com", Name: "orders", Scopes: scopes }));
    assert.deepEqual(made.ResourceServer, { UserPoolId: id, Identifier: "https://orders.example.com", Name: "orders", Scopes: scopes });
    await c.send(new CreateResourceServerCommand({ UserPoolId: id, Identifier: "billing", Name: "billing" }));
    await assert.rejects(c.send(new CreateResourceServerCommand({ UserPoolId: id, Identifier: "billing", Name: "again" })), awsRejects("InvalidParameterException", `billing already exists in user pool ${id}.`));
    const page1 = await c.send(new ListResourceServersCommand({ UserPoolId: id, MaxResults: 1 }));
    const page2 = await c.send(new ListResourceServersCommand({ UserPoolId: id, MaxResults: 1, NextToken: page1.NextToken }));
    assert.deepEqual([...page1.ResourceServers!, ...page2.ResourceServers!].map((r) => r.Identifier), ["billing", "https://orders.example.com"]);
    assert.equal(page2.NextToken, undefined);
    const updated = await c.send(new UpdateResourceServerCommand({ UserPoolId: id, Identifier: "billing", Name: "Billing", Scopes: [{ ScopeName: "pay", ScopeDescription: "Pay" }] }));
    assert.deepEqual(updated.ResourceServer!.Scopes, [{ ScopeName: "pay", ScopeDescription: "Pay" }]);
    assert.equal((await c.send(new DescribeResourceServerCommand({ UserPoolId: id, Identifier: "billing" }))).ResourceServer!.Name, "Billing");
    await c.send(new DeleteResourceServerCommand({ UserPoolId: id, Identifier: "billing" }));
    await assert.rejects(c.send(new DescribeResourceServerCommand({ UserPoolId: id, Identifier: "billing" })), awsRejects("ResourceNotFoundException", `Resource server billing does not exist in user pool ${id}.`));
  });
});

describe("App clients' OAuth settings, validated as AWS validates them", () => {
  let id = "";
  const oauth = { AllowedOAuthFlowsUserPoolClient: true, CallbackURLs: [CALLBACK] };
  before(async () => {
    ({ poolId: id } = await makePool(emu));
    await cognito(emu).send(new CreateResourceServerCommand({ UserPoolId: id, Identifier: "api", Name: "api", Scopes: [{ ScopeName: "read", ScopeDescription: "r" }] }));
  });
  const create = (input: Record<string, unknown>) => cognito(emu).send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", ...input }));

  it("client_credentials alone, with a secret, custom scopes only", async () => {
    await assert.rejects(create({ ...oauth, GenerateSecret: true, AllowedOAuthFlows: ["client_credentials", "code"], AllowedOAuthScopes: ["api/read"] }),
      awsRejects("InvalidOAuthFlowException", "client_credentials flow can not be selected along with code flow or implicit flow."));
    await assert.rejects(create({ ...oauth, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["api/read"] }),
      awsRejects("InvalidOAuthFlowException", "client_credentials flow can not be selected if client does not have a client secret."));
    await assert.rejects(create({ ...oauth, GenerateSecret: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["openid"] }),
      awsRejects("InvalidOAuthFlowException", "openid is not supported with client_credentials flow"));
    const ok = await create({ ...oauth, GenerateSecret: true, AllowedOAuthFlows: ["client_credentials"], AllowedOAuthScopes: ["api/read"] });
    assert.deepEqual(ok.UserPoolClient!.AllowedOAuthScopes, ["api/read"]);
  });

  it("a scope that no resource server defines is ScopeDoesNotExistException", async () => {
    await assert.rejects(create({ ...oauth, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid", "api/delete"] }), awsRejects("ScopeDoesNotExistException", "Invalid scope requested: api/delete"));
  });

  it("callback URLs: HTTPS, or HTTP only for localhost; no fragment; the default among them", async () => {
    await assert.rejects(create({ ...oauth, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: ["http://app.example.com/cb"] }),
      awsRejects("InvalidParameterException", "CallbackURLs http://app.example.com/cb must use HTTPS: HTTP is allowed only for http://localhost, for testing."));
    await assert.rejects(create({ ...oauth, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: ["https://app.example.com/cb#x"] }),
      awsRejects("InvalidParameterException", "CallbackURLs https://app.example.com/cb#x must not include a fragment."));
    await assert.rejects(create({ ...oauth, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], DefaultRedirectURI: "https://other.example.com/" }),
      awsRejects("InvalidParameterException", "DefaultRedirectURI must be one of the CallbackURLs."));
    const ok = await create({ ...oauth, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: ["https://app.example.com/cb", "myapp://callback", CALLBACK] });
    assert.deepEqual(ok.UserPoolClient!.CallbackURLs, ["https://app.example.com/cb", "myapp://callback", CALLBACK]);
  });

  it("OAuth on needs flows and scopes; identity providers must exist", async () => {
    await assert.rejects(create({ ...oauth, AllowedOAuthScopes: ["openid"] }), awsRejects("InvalidOAuthFlowException", "AllowedOAuthFlows must not be empty when AllowedOAuthFlowsUserPoolClient is true."));
    await assert.rejects(create({ ...oauth, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], SupportedIdentityProviders: ["COGNITO", "Google"] }),
      awsRejects("InvalidParameterException", `The provider Google does not exist for User Pool ${id}`));
    const made = await create({});
    await assert.rejects(cognito(emu).send(new UpdateUserPoolClientCommand({ UserPoolId: id, ClientId: made.UserPoolClient!.ClientId!, AllowedOAuthFlows: ["implicit"], AllowedOAuthScopes: ["phone", "nope"] })),
      awsRejects("ScopeDoesNotExistException", "Invalid scope requested: nope"));
  });
});

describe("Identity providers", () => {
  it("SAML from metadata, OIDC with explicit endpoints; list, get by identifier, duplicates and unknowns refused", async () => {
    const c = cognito(emu);
    const { poolId: id } = await makePool(emu);
    const metadata = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="urn:corp"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>MIIB</X509Certificate></X509Data></KeyInfo></KeyDescriptor>` +
      `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.corp.example/sso"/></IDPSSODescriptor></EntityDescriptor>`;
    const saml = await c.send(new CreateIdentityProviderCommand({ UserPoolId: id, ProviderName: "Corp", ProviderType: "SAML", ProviderDetails: { MetadataFile: metadata }, IdpIdentifiers: ["corp.example"] }));
    assert.equal(saml.IdentityProvider!.ProviderDetails!.SSORedirectBindingURI, "https://idp.corp.example/sso");
    assert.equal(saml.IdentityProvider!.ProviderDetails!.IDPSignout, "false");
    assert.ok(saml.IdentityProvider!.CreationDate instanceof Date);
    await assert.rejects(c.send(new CreateIdentityProviderCommand({ UserPoolId: id, ProviderName: "Corp", ProviderType: "SAML", ProviderDetails: { MetadataFile: metadata } })),
      awsRejects("DuplicateProviderException", "A provider with the name Corp already exists in this user pool."));
    await assert.rejects(c.send(new CreateIdentityProviderCommand({ UserPoolId: id, ProviderName: "Broken", ProviderType: "SAML", ProviderDetails: { MetadataFile: "<not-metadata/>" } })),
      awsRejects("InvalidParameterException", "Could not parse metadata"));
    const oidcDetails = { client_id: "cid", client_secret: "sec", authorize_scopes: "openid email", oidc_issuer: "https://login.example.com", attributes_request_method: "GET",
      authorize_url: "https://login.example.com/authorize", token_url: "https://login.example.com/token", attributes_url: "https://login.example.com/userinfo", jwks_uri: "https://login.example.com/jwks" };
    const oidcIdp = await c.send(new CreateIdentityProviderCommand({ UserPoolId: id, ProviderName: "Login", ProviderType: "OIDC", ProviderDetails: oidcDetails, AttributeMapping: { email: "email" } }));
    assert.deepEqual(oidcIdp.IdentityProvider!.AttributeMapping, { username: "sub", email: "email" });
    await assert.rejects(c.send(new CreateIdentityProviderCommand({ UserPoolId: id, ProviderName: "Far", ProviderType: "OIDC", ProviderDetails: { ...oidcDetails, authorize_url: "" } })),
      awsRejects("InvalidParameterException", /^Unable to contact well-known endpoint https:\/\/login\.example\.com\/\.well-known\/openid-configuration: The emulator does not call https:\/\/login\.example\.com/));
    await assert.rejects(c.send(new CreateIdentityProviderCommand({ UserPoolId: id, ProviderName: "Bad", ProviderType: "OIDC", ProviderDetails: { ...oidcDetails }, AttributeMapping: { favourite_colour: "colour" } })),
      awsRejects("InvalidParameterException", "Attributes in the attribute mapping do not exist in the user pool schema: favourite_colour"));
    const listed = await c.send(new ListIdentityProvidersCommand({ UserPoolId: id }));
    assert.deepEqual(listed.Providers!.map((p) => [p.ProviderName, p.ProviderType]), [["Corp", "SAML"], ["Login", "OIDC"]]);
    assert.equal((await c.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: id, IdpIdentifier: "CORP.example" }))).IdentityProvider!.ProviderName, "Corp");
    await assert.rejects(c.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: id, IdpIdentifier: "nope" })), awsRejects("ResourceNotFoundException", "Identity provider with identifier nope does not exist."));
    await c.send(new DeleteIdentityProviderCommand({ UserPoolId: id, ProviderName: "Login" }));
    await assert.rejects(c.send(new DeleteIdentityProviderCommand({ UserPoolId: id, ProviderName: "Login" })), awsRejects("ResourceNotFoundException", "Identity provider Login does not exist."));
  });
});

describe("Branding and UI customization: stored and returned as given", () => {
  it("managed login branding per client, and classic CSS (which the pages apply)", async () => {
    const c = cognito(emu);
    const { poolId: id, clientId: client } = await makePool(emu, {}, { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["code"], AllowedOAuthScopes: ["openid"], CallbackURLs: [CALLBACK], SupportedIdentityProviders: ["COGNITO"] });
    const made = await c.send(new CreateManagedLoginBrandingCommand({ UserPoolId: id, ClientId: client, Settings: { components: { pageBackground: { lightMode: { color: "ffffffff" } } } } }));
    assert.match(made.ManagedLoginBranding!.ManagedLoginBrandingId!, /^[0-9a-f-]{36}$/);
    assert.equal(made.ManagedLoginBranding!.UseCognitoProvidedValues, false);
    await assert.rejects(c.send(new CreateManagedLoginBrandingCommand({ UserPoolId: id, ClientId: client, UseCognitoProvidedValues: true })),
      awsRejects("ManagedLoginBrandingExistsException", `Managed login branding already exists for app client ${client}.`));
    const byClient = await c.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: id, ClientId: client }));
    assert.deepEqual(byClient.ManagedLoginBranding!.Settings, { components: { pageBackground: { lightMode: { color: "ffffffff" } } } });
    const updated = await c.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: id, ManagedLoginBrandingId: made.ManagedLoginBranding!.ManagedLoginBrandingId, UseCognitoProvidedValues: true }));
    assert.equal(updated.ManagedLoginBranding!.UseCognitoProvidedValues, true);
    assert.equal(updated.ManagedLoginBranding!.Settings, undefined);

    await c.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: "branded-app" }));
    const set = await c.send(new SetUICustomizationCommand({ UserPoolId: id, ClientId: client, CSS: ".banner-customizable { background-color: rebeccapurple; }" }));
    assert.equal(set.UICustomization!.CSSVersion, "1");
    const got = await c.send(new GetUICustomizationCommand({ UserPoolId: id, ClientId: client }));
    assert.equal(got.UICustomization!.CSS, ".banner-customizable { background-color: rebeccapurple; }");
    const page = await fetch(`${originOf(emu)}/_cognito/branded-app.auth.us-east-1.amazoncognito.com/login?client_id=${client}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}`);
    assert.match(await page.text(), /\.banner-customizable \{ background-color: rebeccapurple; \}<\/style>/);
  });
});

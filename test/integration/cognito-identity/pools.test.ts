// The identity pools management API through @aws-sdk/client-cognito-identity against the spawned CLI: pools,
// tags, roles and role mappings, attribute maps for access control, and AWS's errors for each.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  CreateIdentityPoolCommand, DeleteIdentityPoolCommand, DescribeIdentityPoolCommand, GetIdCommand, GetIdentityPoolRolesCommand,
  GetPrincipalTagAttributeMapCommand, ListIdentityPoolsCommand, ListTagsForResourceCommand, SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand, TagResourceCommand, UntagResourceCommand, UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, createIdentityPool, identity, identityRejects } from "./fixtures.js";

const emu = useEmulator();
const USER_POOL = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyZ";
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/login.example.com`;
const SAML = `arn:aws:iam::${ACCOUNT}:saml-provider/corp`;
const ROLE = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const MISSING = "us-east-1:00000000-0000-4000-8000-000000000000";

describe("identity pools", () => {
  let poolId = "";
  before(async () => {
    poolId = await createIdentityPool(emu, {
      IdentityPoolName: "shop", AllowClassicFlow: true,
      CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: "webclient", ServerSideTokenCheck: true }],
      OpenIdConnectProviderARNs: [OIDC], SamlProviderARNs: [SAML], SupportedLoginProviders: { "accounts.google.com": "123.apps.googleusercontent.com" },
      DeveloperProviderName: "login.shop.example", IdentityPoolTags: { team: "web" },
    });
  });

  it("CreateIdentityPool answers a REGION:uuid id and every setting; DescribeIdentityPool reads them back", async () => {
    assert.match(poolId, /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const { $metadata, ...pool } = await identity(emu).send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(pool, {
      IdentityPoolId: poolId, IdentityPoolName: "shop", AllowUnauthenticatedIdentities: true, AllowClassicFlow: true,
      CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: "webclient", ServerSideTokenCheck: true }],
      OpenIdConnectProviderARNs: [OIDC], SamlProviderARNs: [SAML], SupportedLoginProviders: { "accounts.google.com": "123.apps.googleusercontent.com" },
      DeveloperProviderName: "login.shop.example", IdentityPoolTags: { team: "web" },
    });
  });

  it("a login of a public provider (SupportedLoginProviders) is refused: only Google can check a Google token", async () => {
    await assert.rejects(identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { "accounts.google.com": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln" } })),
      identityRejects("NotAuthorizedException", "Invalid login token. Couldn't verify signed token."));
  });

  it("ListIdentityPools pages with MaxResults and NextToken", async () => {
    const second = await createIdentityPool(emu, { IdentityPoolName: "second" });
    const ids = [poolId, second].sort();
    const first = await identity(emu).send(new ListIdentityPoolsCommand({ MaxResults: 1 }));
    assert.equal(first.IdentityPools!.length, 1);
    assert.ok(first.NextToken);
    const rest = await identity(emu).send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken: first.NextToken }));
    assert.deepEqual([...first.IdentityPools!, ...rest.IdentityPools!].map((p) => p.IdentityPoolId).filter((id) => ids.includes(id!)), ids);
    assert.equal(rest.NextToken, undefined);
    await assert.rejects(identity(emu).send(new ListIdentityPoolsCommand({ MaxResults: 1, NextToken: "not-a-token!" })),
      identityRejects("InvalidParameterException", "Invalid pagination token."));
  });

  it("UpdateIdentityPool replaces the settings (members left out go back to their defaults) and keeps the tags", async () => {
    const id = await createIdentityPool(emu, { IdentityPoolName: "to-update", OpenIdConnectProviderARNs: [OIDC], IdentityPoolTags: { keep: "me" } });
    const updated = await identity(emu).send(new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: "renamed", AllowUnauthenticatedIdentities: false }));
    assert.equal(updated.IdentityPoolName, "renamed");
    assert.equal(updated.AllowUnauthenticatedIdentities, false);
    assert.equal(updated.OpenIdConnectProviderARNs, undefined);
    assert.deepEqual(updated.IdentityPoolTags, { keep: "me" });
    const described = await identity(emu).send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    assert.equal(described.IdentityPoolName, "renamed");
  });

  it("the developer provider name cannot change once set", async () => {
    await assert.rejects(identity(emu).send(new UpdateIdentityPoolCommand({
      IdentityPoolId: poolId, IdentityPoolName: "shop", AllowUnauthenticatedIdentities: true, DeveloperProviderName: "login.other.example",
    })), identityRejects("InvalidParameterException", "The developer provider name of an identity pool cannot be changed once it is set."));
  });

  it("bad input answers InvalidParameterException: the model's constraints and the provider ARNs' shape", async () => {
    await assert.rejects(identity(emu).send(new CreateIdentityPoolCommand({ IdentityPoolName: "bad/name", AllowUnauthenticatedIdentities: true })),
      identityRejects("InvalidParameterException", /^1 validation error detected: Value 'bad\/name' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern/));
    await assert.rejects(createIdentityPool(emu, { OpenIdConnectProviderARNs: ["arn:aws:iam::000000000000:role/not-a-provider"] }),
      identityRejects("InvalidParameterException", "Invalid OpenIdConnectProviderARN: arn:aws:iam::000000000000:role/not-a-provider"));
    await assert.rejects(createIdentityPool(emu, { CognitoIdentityProviders: [{ ProviderName: USER_POOL }] }),
      identityRejects("InvalidParameterException", "A CognitoIdentityProvider needs both ProviderName and ClientId."));
  });

  it("DeleteIdentityPool removes it; a pool that does not exist is ResourceNotFoundException everywhere", async () => {
    const id = await createIdentityPool(emu, { IdentityPoolName: "doomed" });
    await identity(emu).send(new DeleteIdentityPoolCommand({ IdentityPoolId: id }));
    const notFound = identityRejects("ResourceNotFoundException", `IdentityPool '${id}' not found.`);
    await assert.rejects(identity(emu).send(new DescribeIdentityPoolCommand({ IdentityPoolId: id })), notFound);
    await assert.rejects(identity(emu).send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })), notFound);
    await assert.rejects(identity(emu).send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })), notFound);
    await assert.rejects(identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: MISSING, Roles: {} })),
      identityRejects("ResourceNotFoundException", `IdentityPool '${MISSING}' not found.`));
  });

  it("tags: TagResource, ListTagsForResource, UntagResource by the pool's ARN", async () => {
    const arn = `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${poolId}`;
    await identity(emu).send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: "dev", team: "mobile" } }));
    assert.deepEqual((await identity(emu).send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { team: "mobile", env: "dev" });
    await identity(emu).send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team", "absent"] }));
    assert.deepEqual((await identity(emu).send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { env: "dev" });
    await assert.rejects(identity(emu).send(new TagResourceCommand({ ResourceArn: arn, Tags: { "aws:reserved": "x" } })),
      identityRejects("InvalidParameterException", "Tag keys cannot start with 'aws:'."));
    const other = `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${MISSING}`;
    await assert.rejects(identity(emu).send(new ListTagsForResourceCommand({ ResourceArn: other })),
      identityRejects("ResourceNotFoundException", `The resource ${other} does not exist.`));
  });

  it("SetIdentityPoolRoles and GetIdentityPoolRoles: default roles and role mappings per provider", async () => {
    const mappings = {
      [`${USER_POOL}:webclient`]: { Type: "Token" as const, AmbiguousRoleResolution: "AuthenticatedRole" as const },
      "login.example.com": {
        Type: "Rules" as const, AmbiguousRoleResolution: "Deny" as const,
        RulesConfiguration: { Rules: [{ Claim: "groups", MatchType: "Contains" as const, Value: "admin", RoleARN: ROLE("admins") }] },
      },
    };
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: ROLE("signed-in"), unauthenticated: ROLE("guest") }, RoleMappings: mappings }));
    const { $metadata, ...roles } = await identity(emu).send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    assert.deepEqual(roles, { IdentityPoolId: poolId, Roles: { authenticated: ROLE("signed-in"), unauthenticated: ROLE("guest") }, RoleMappings: mappings });
  });

  it("role mappings must name a configured provider and be complete; roles must be role ARNs", async () => {
    const set = (RoleMappings: Record<string, unknown>, Roles: Record<string, string> = {}) =>
      identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles, RoleMappings: RoleMappings as never }));
    await assert.rejects(set({ "graph.facebook.com": { Type: "Token", AmbiguousRoleResolution: "Deny" } }),
      identityRejects("InvalidParameterException", "graph.facebook.com is not a valid RoleMapping ProviderName or is not a configured provider."));
    await assert.rejects(set({ [`${USER_POOL}:webclient`]: { Type: "Token" } }),
      identityRejects("InvalidParameterException", `AmbiguousRoleResolution is required for the Token role mapping of ${USER_POOL}:webclient.`));
    await assert.rejects(set({ [SAML]: { Type: "Rules", AmbiguousRoleResolution: "Deny" } }),
      identityRejects("InvalidParameterException", `RulesConfiguration is required for the Rules role mapping of ${SAML}.`));
    await assert.rejects(set({}, { authenticated: "arn:aws:iam::000000000000:user/not-a-role" }),
      identityRejects("InvalidParameterException", "arn:aws:iam::000000000000:user/not-a-role is not a valid IAM role ARN."));
    await assert.rejects(set({}, { guests: ROLE("guest") }), identityRejects("InvalidParameterException", /failed to satisfy constraint: Member must satisfy regular expression pattern: \(un\)\?authenticated/));
  });

  it("attributes for access control: SetPrincipalTagAttributeMap and GetPrincipalTagAttributeMap per provider", async () => {
    const set = await identity(emu).send(new SetPrincipalTagAttributeMapCommand({
      IdentityPoolId: poolId, IdentityProviderName: USER_POOL, UseDefaults: false, PrincipalTags: { department: "custom:department" },
    }));
    assert.deepEqual([set.IdentityProviderName, set.UseDefaults, set.PrincipalTags], [USER_POOL, false, { department: "custom:department" }]);
    const got = await identity(emu).send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: USER_POOL }));
    assert.deepEqual([got.IdentityPoolId, got.UseDefaults, got.PrincipalTags], [poolId, false, { department: "custom:department" }]);
    const unset = await identity(emu).send(new GetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: "login.example.com" }));
    assert.deepEqual([unset.UseDefaults, unset.PrincipalTags], [false, undefined]);
    await assert.rejects(identity(emu).send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: "graph.facebook.com", UseDefaults: true })),
      identityRejects("InvalidParameterException", `graph.facebook.com is not an identity provider of identity pool ${poolId}.`));
  });
});

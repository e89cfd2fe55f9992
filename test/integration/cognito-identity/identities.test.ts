// Identities and developer-authenticated identities through @aws-sdk/client-cognito-identity against the
// spawned CLI: DescribeIdentity, ListIdentities, DeleteIdentities, UnlinkIdentity; and a backend vouching
// for its users (GetOpenIdTokenForDeveloperIdentity, LookupDeveloperIdentity, MergeDeveloperIdentities,
// UnlinkDeveloperIdentity), whose token the app takes to GetCredentialsForIdentity.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  DeleteIdentitiesCommand, DescribeIdentityCommand, GetCredentialsForIdentityCommand, GetIdCommand, GetOpenIdTokenForDeveloperIdentityCommand,
  ListIdentitiesCommand, LookupDeveloperIdentityCommand, MergeDeveloperIdentitiesCommand, SetIdentityPoolRolesCommand, UnlinkDeveloperIdentityCommand,
  UnlinkIdentityCommand,
} from "@aws-sdk/client-cognito-identity";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, claimsOf, cognitoTrust, createIdentityPool, createRole, identity, identityRejects, signedInUser, type SignedInUser } from "./fixtures.js";

const emu = useEmulator();
const DEVELOPER = "login.shop.example";

describe("identities", () => {
  let user: SignedInUser;
  let poolId = "";
  before(async () => {
    user = await signedInUser(emu);
    poolId = await createIdentityPool(emu, { CognitoIdentityProviders: [{ ProviderName: user.providerName, ClientId: user.clientId }] });
  });

  it("DescribeIdentity and ListIdentities show each identity's logins and dates; ListIdentities pages", async () => {
    const guest = (await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!;
    const member = (await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [user.providerName]: user.idToken } }))).IdentityId!;
    const described = await identity(emu).send(new DescribeIdentityCommand({ IdentityId: member }));
    assert.deepEqual(described.Logins, [user.providerName]);
    assert.ok(described.CreationDate instanceof Date && described.LastModifiedDate instanceof Date);
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: guest }))).Logins, []);
    const first = await identity(emu).send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 1 }));
    const rest = await identity(emu).send(new ListIdentitiesCommand({ IdentityPoolId: poolId, MaxResults: 10, NextToken: first.NextToken }));
    assert.equal(first.IdentityPoolId, poolId);
    assert.deepEqual([...first.Identities!, ...rest.Identities!].map((i) => i.IdentityId).sort(), [guest, member].sort());
  });

  it("GetId without logins when the pool allows no guests: NotAuthorizedException", async () => {
    const closed = await createIdentityPool(emu, { IdentityPoolName: "members-only", AllowUnauthenticatedIdentities: false });
    await assert.rejects(identity(emu).send(new GetIdCommand({ IdentityPoolId: closed })),
      identityRejects("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool."));
    await assert.rejects(identity(emu).send(new GetIdCommand({ IdentityPoolId: closed, AccountId: "111122223333" })),
      identityRejects("ResourceNotFoundException", `IdentityPool '${closed}' not found.`));
  });

  it("UnlinkIdentity removes a login (proven by its token); the identity stays authenticated and cannot act as a guest", async () => {
    const bob = await signedInUser(emu, "bob", user.poolId, user.clientId);
    const logins = { [user.providerName]: bob.idToken };
    const id = (await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))).IdentityId!;
    await assert.rejects(identity(emu).send(new UnlinkIdentityCommand({ IdentityId: id, Logins: { [user.providerName]: user.idToken }, LoginsToRemove: [user.providerName] })),
      identityRejects("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool."));
    await identity(emu).send(new UnlinkIdentityCommand({ IdentityId: id, Logins: logins, LoginsToRemove: [user.providerName] }));
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: id }))).Logins, []);
    await assert.rejects(identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId: id })),
      identityRejects("NotAuthorizedException", `Access to Identity '${id}' is forbidden.`));
    // The login is free again: it gets a new identity.
    assert.notEqual((await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: logins }))).IdentityId, id);
  });

  it("DeleteIdentities removes identities (ids already gone are no error)", async () => {
    const id = (await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!;
    const gone = "us-east-1:00000000-0000-4000-8000-000000000000";
    const out = await identity(emu).send(new DeleteIdentitiesCommand({ IdentityIdsToDelete: [id, gone] }));
    assert.deepEqual(out.UnprocessedIdentityIds, []);
    await assert.rejects(identity(emu).send(new DescribeIdentityCommand({ IdentityId: id })), identityRejects("ResourceNotFoundException", `Identity '${id}' not found.`));
  });
});

describe("logins of different identities", () => {
  it("GetId with two logins that already belong to different identities: ResourceConflictException", async () => {
    const alice = await signedInUser(emu, "alice");
    const bob = await signedInUser(emu, "bob");
    const poolId = await createIdentityPool(emu, { IdentityPoolName: "two user pools", CognitoIdentityProviders: [
      { ProviderName: alice.providerName, ClientId: alice.clientId }, { ProviderName: bob.providerName, ClientId: bob.clientId },
    ] });
    const getId = (Logins: Record<string, string>) => identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins }));
    const aliceId = (await getId({ [alice.providerName]: alice.idToken })).IdentityId;
    const bobId = (await getId({ [bob.providerName]: bob.idToken })).IdentityId;
    assert.notEqual(aliceId, bobId);
    await assert.rejects(getId({ [alice.providerName]: alice.idToken, [bob.providerName]: bob.idToken }),
      identityRejects("ResourceConflictException", "The logins belong to different identities."));
    // Nothing was linked or merged by the refused call.
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: aliceId }))).Logins, [alice.providerName]);
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: bobId }))).Logins, [bob.providerName]);
  });
});

describe("developer-authenticated identities", () => {
  let poolId = "";
  const token = (Logins: Record<string, string>, extra: { IdentityId?: string; PrincipalTags?: Record<string, string>; TokenDuration?: number } = {}) =>
    identity(emu).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: poolId, Logins, ...extra }));
  const lookup = (input: { IdentityId?: string; DeveloperUserIdentifier?: string }) =>
    identity(emu).send(new LookupDeveloperIdentityCommand({ IdentityPoolId: poolId, ...input }));

  before(async () => {
    poolId = await createIdentityPool(emu, { IdentityPoolName: "developer", AllowUnauthenticatedIdentities: false, DeveloperProviderName: DEVELOPER });
    await identity(emu).send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: poolId, Roles: { authenticated: await createRole(emu, "developer-users", cognitoTrust(poolId, "authenticated", ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"])) },
    }));
  });

  it("the backend's token names the identity, the developer provider and the user; the app trades it for credentials", async () => {
    const out = await token({ [DEVELOPER]: "user-1" }, { PrincipalTags: { plan: "gold" }, TokenDuration: 120 });
    const claims = claimsOf(out.Token!);
    assert.equal(claims.sub, out.IdentityId);
    assert.equal(claims.aud, poolId);
    assert.deepEqual(claims.amr, ["authenticated", DEVELOPER, `${DEVELOPER}:${poolId}:user-1`]);
    assert.deepEqual(claims["https://aws.amazon.com/tags"], { principal_tags: { plan: ["gold"] } });
    assert.equal((claims.exp as number) - (claims.iat as number), 120);
    assert.equal((await token({ [DEVELOPER]: "user-1" })).IdentityId, out.IdentityId);

    const creds = await identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId: out.IdentityId, Logins: { "cognito-identity.amazonaws.com": out.Token! } }));
    const sts = new STSClient({ ...emu.clientConfig, credentials: { accessKeyId: creds.Credentials!.AccessKeyId!, secretAccessKey: creds.Credentials!.SecretKey!, sessionToken: creds.Credentials!.SessionToken! } });
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/developer-users/CognitoIdentityCredentials`);
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: out.IdentityId }))).Logins, [DEVELOPER]);
  });

  it("a token for one identity does not open another", async () => {
    const one = await token({ [DEVELOPER]: "user-a" });
    const two = await token({ [DEVELOPER]: "user-b" });
    await assert.rejects(identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId: two.IdentityId, Logins: { "cognito-identity.amazonaws.com": one.Token! } })),
      identityRejects("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool."));
    await assert.rejects(token({ [DEVELOPER]: "user-a" }, { IdentityId: two.IdentityId }),
      identityRejects("DeveloperUserAlreadyRegisteredException", "The developer user identifier is already registered with a different identity ID."));
  });

  it("LookupDeveloperIdentity, MergeDeveloperIdentities and UnlinkDeveloperIdentity", async () => {
    const target = (await token({ [DEVELOPER]: "merge-target" })).IdentityId!;
    const source = (await token({ [DEVELOPER]: "merge-source" })).IdentityId!;
    assert.deepEqual((await lookup({ DeveloperUserIdentifier: "merge-target" })).IdentityId, target);
    const merged = await identity(emu).send(new MergeDeveloperIdentitiesCommand({
      IdentityPoolId: poolId, DeveloperProviderName: DEVELOPER, SourceUserIdentifier: "merge-source", DestinationUserIdentifier: "merge-target",
    }));
    assert.equal(merged.IdentityId, target);
    const both = await lookup({ IdentityId: target });
    assert.deepEqual(both.DeveloperUserIdentifierList, ["merge-target", "merge-source"]);
    await assert.rejects(identity(emu).send(new DescribeIdentityCommand({ IdentityId: source })), identityRejects("ResourceNotFoundException", `Identity '${source}' not found.`));
    await identity(emu).send(new UnlinkDeveloperIdentityCommand({ IdentityPoolId: poolId, IdentityId: target, DeveloperProviderName: DEVELOPER, DeveloperUserIdentifier: "merge-source" }));
    assert.deepEqual((await lookup({ IdentityId: target })).DeveloperUserIdentifierList, ["merge-target"]);
    await assert.rejects(lookup({ DeveloperUserIdentifier: "merge-source" }),
      identityRejects("ResourceNotFoundException", `Developer user identifier merge-source is not linked to any identity in ${poolId}.`));
    await assert.rejects(lookup({}), identityRejects("InvalidParameterException", "Either IdentityId or DeveloperUserIdentifier must be given."));
  });

  it("MergeDeveloperIdentities refuses two users of one public provider (ResourceConflictException) and more than 20 logins (LimitExceededException)", async () => {
    const carol = await signedInUser(emu, "carol");
    const dave = await signedInUser(emu, "dave", carol.poolId, carol.clientId);
    const mixed = await createIdentityPool(emu, { IdentityPoolName: "developer and user pool", AllowUnauthenticatedIdentities: false,
      DeveloperProviderName: DEVELOPER, CognitoIdentityProviders: [{ ProviderName: carol.providerName, ClientId: carol.clientId }] });
    const tokenIn = (Logins: Record<string, string>, IdentityId?: string) =>
      identity(emu).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: mixed, Logins, IdentityId }));
    const merge = (SourceUserIdentifier: string, DestinationUserIdentifier: string) => identity(emu).send(new MergeDeveloperIdentitiesCommand({
      IdentityPoolId: mixed, DeveloperProviderName: DEVELOPER, SourceUserIdentifier, DestinationUserIdentifier,
    }));
    const carolIdentity = (await tokenIn({ [DEVELOPER]: "dev-carol", [carol.providerName]: carol.idToken })).IdentityId!;
    await tokenIn({ [DEVELOPER]: "dev-dave", [dave.providerName]: dave.idToken });
    await assert.rejects(merge("dev-dave", "dev-carol"), identityRejects("ResourceConflictException",
      `The source and destination identities are linked to ${carol.providerName} as different users.`));

    // 11 developer users on one identity and 10 on another: 21 together.
    const wide = (await tokenIn({ [DEVELOPER]: "wide-0" })).IdentityId!;
    for (let i = 1; i < 11; i++) await tokenIn({ [DEVELOPER]: `wide-${i}` }, wide);
    const narrow = (await tokenIn({ [DEVELOPER]: "narrow-0" })).IdentityId!;
    for (let i = 1; i < 10; i++) await tokenIn({ [DEVELOPER]: `narrow-${i}` }, narrow);
    await assert.rejects(merge("narrow-0", "wide-0"), identityRejects("LimitExceededException", "The number of linked logins is limited to 20."));
    // Refused merges leave both sides as they were.
    assert.equal((await identity(emu).send(new LookupDeveloperIdentityCommand({ IdentityPoolId: mixed, IdentityId: narrow }))).DeveloperUserIdentifierList!.length, 10);
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: carolIdentity }))).Logins!.sort(), [carol.providerName, DEVELOPER].sort());
  });

  it("a pool without a developer provider name, or Logins without it: InvalidParameterException", async () => {
    await assert.rejects(token({ "login.other.example": "u" }), identityRejects("InvalidParameterException", `Logins must name the pool's developer provider ${DEVELOPER}.`));
    const plain = await createIdentityPool(emu, { IdentityPoolName: "plain" });
    await assert.rejects(identity(emu).send(new GetOpenIdTokenForDeveloperIdentityCommand({ IdentityPoolId: plain, Logins: { [DEVELOPER]: "u" } })),
      identityRejects("InvalidParameterException", `Identity pool ${plain} has no DeveloperProviderName: set one with UpdateIdentityPool first.`));
  });
});

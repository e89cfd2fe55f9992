// From a user pool sign-in to AWS credentials, against the spawned CLI in enforce mode: GetId and
// GetCredentialsForIdentity with Logins keyed as SDK users and Amplify write them, every check on the ID
// token, guest identities, role choice (default roles, token and rules mappings, CustomRoleArn), the role's
// trust policy asked for cognito-identity.amazonaws.com, ServerSideTokenCheck, attributes for access
// control, and the basic flow (GetOpenIdToken, then STS AssumeRoleWithWebIdentity).
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  DescribeIdentityCommand, GetCredentialsForIdentityCommand, GetIdCommand, GetOpenIdTokenCommand, SetIdentityPoolRolesCommand,
  SetPrincipalTagAttributeMapCommand, UpdateIdentityPoolCommand, type Credentials,
} from "@aws-sdk/client-cognito-identity";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  AdminAddUserToGroupCommand, CreateGroupCommand, CreateUserPoolClientCommand, GlobalSignOutCommand, InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateAccessKeyCommand, CreateUserCommand, ListUsersCommand } from "@aws-sdk/client-iam";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { cognito, PASSWORD, setClock } from "../cognito/cognito-fixtures.js";
import { rejectsWith } from "../../support/aws-errors.js";
import {
  ACCOUNT, claimsOf, cognitoTrust, createIdentityPool, createRole, iam, identity, identityRejects, signedInUser, withBadSignature, type SignedInUser,
} from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });

function keys(c: Credentials) {
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretKey!, sessionToken: c.SessionToken! };
}
async function callerArn(c: Credentials): Promise<string> {
  return (await new STSClient({ ...emu.clientConfig, credentials: keys(c), maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))).Arn!;
}

describe("GetId and GetCredentialsForIdentity with a user pool sign-in", () => {
  let user: SignedInUser;
  let poolId = "";
  let hostKey = ""; // what Amplify v6 writes: the ID token's issuer without its scheme
  const getId = (Logins?: Record<string, string>) => identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins }));
  const credentials = (IdentityId: string, Logins?: Record<string, string>, CustomRoleArn?: string) =>
    identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins, CustomRoleArn }));

  before(async () => {
    user = await signedInUser(emu);
    hostKey = `${emu.endpoint.replace("http://", "")}/${user.poolId}`;
    poolId = await createIdentityPool(emu, { CognitoIdentityProviders: [{ ProviderName: user.providerName, ClientId: user.clientId }], AllowClassicFlow: true });
    await identity(emu).send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: poolId,
      Roles: {
        authenticated: await createRole(emu, "signed-in", cognitoTrust(poolId, "authenticated"), {
          Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListUsers", Resource: "*",
            Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": poolId } } },
          // Each identity may make users under a path of its own id only: the policy variable AWS documents.
          { Effect: "Allow", Action: "iam:CreateUser", Resource: `arn:aws:iam::${ACCOUNT}:user/\${cognito-identity.amazonaws.com:sub}/*` }],
        }),
        unauthenticated: await createRole(emu, "guest", cognitoTrust(poolId, "unauthenticated")),
      },
    }));
  });

  it("a signed-in user's identity, keyed as SDK users write it, gets the authenticated role's credentials", async () => {
    const { IdentityId } = await getId({ [user.providerName]: user.idToken });
    assert.match(IdentityId!, /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const out = await credentials(IdentityId!, { [user.providerName]: user.idToken });
    assert.equal(out.IdentityId, IdentityId);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(out.Credentials!.SecretKey && out.Credentials!.SessionToken);
    const expiresIn = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(expiresIn > 3500_000 && expiresIn <= 3600_000, `an hour, not ${expiresIn} ms`);
    assert.equal(await callerArn(out.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/signed-in/CognitoIdentityCredentials`);
    // The session carries the provider's condition keys: the role's policy conditions on the pool id.
    const listed = await iam(emu, keys(out.Credentials!)).send(new ListUsersCommand({}));
    assert.equal(listed.$metadata.httpStatusCode, 200);
    const described = await identity(emu).send(new DescribeIdentityCommand({ IdentityId }));
    assert.deepEqual(described.Logins, [user.providerName]);
  });

  it("${cognito-identity.amazonaws.com:sub} in the role's policy is the caller's identity id", async () => {
    const logins = { [user.providerName]: user.idToken };
    const { IdentityId } = await getId(logins);
    const asIdentity = iam(emu, keys((await credentials(IdentityId!, logins)).Credentials!));
    const own = await asIdentity.send(new CreateUserCommand({ UserName: "own-user", Path: `/${IdentityId}/` }));
    assert.equal(own.User!.Arn, `arn:aws:iam::${ACCOUNT}:user/${IdentityId}/own-user`);
    const other = "us-east-1:00000000-0000-4000-8000-000000000000";
    await assert.rejects(asIdentity.send(new CreateUserCommand({ UserName: "their-user", Path: `/${other}/` })), rejectsWith("AccessDenied", 403,
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/signed-in/CognitoIdentityCredentials is not authorized to perform: iam:CreateUser ` +
      `on resource: arn:aws:iam::${ACCOUNT}:user/${other}/their-user because no identity-based policy allows the iam:CreateUser action`));
  });

  it("the issuer without its scheme (Amplify's key) names the same pool and finds the same identity", async () => {
    const byProvider = (await getId({ [user.providerName]: user.idToken })).IdentityId;
    assert.equal((await getId({ [hostKey]: user.idToken })).IdentityId, byProvider);
    const out = await credentials(byProvider!, { [hostKey]: user.idToken });
    assert.equal(await callerArn(out.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/signed-in/CognitoIdentityCredentials`);
  });

  it("a guest identity gets the unauthenticated role; signing in later links it and makes it authenticated", async () => {
    const { IdentityId } = await getId();
    const guest = await credentials(IdentityId!);
    assert.equal(await callerArn(guest.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/guest/CognitoIdentityCredentials`);
    const bob = await signedInUser(emu, "bob", user.poolId, user.clientId);
    const linked = await credentials(IdentityId!, { [user.providerName]: bob.idToken });
    assert.equal(await callerArn(linked.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/signed-in/CognitoIdentityCredentials`);
    assert.equal((await getId({ [user.providerName]: bob.idToken })).IdentityId, IdentityId);
    await assert.rejects(credentials(IdentityId!), identityRejects("NotAuthorizedException", `Access to Identity '${IdentityId}' is forbidden.`));
  });

  it("a guest signing in with a login that already has an identity is merged into it: that identity answers", async () => {
    const member = (await getId({ [user.providerName]: user.idToken })).IdentityId!;
    const guest = (await getId()).IdentityId!;
    const out = await credentials(guest, { [user.providerName]: user.idToken });
    assert.equal(out.IdentityId, member);
    assert.equal(await callerArn(out.Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/signed-in/CognitoIdentityCredentials`);
    await assert.rejects(identity(emu).send(new DescribeIdentityCommand({ IdentityId: guest })), identityRejects("ResourceNotFoundException", `Identity '${guest}' not found.`));
  });

  it("another user's login for this identity: Logins don't match", async () => {
    const { IdentityId } = await getId({ [user.providerName]: user.idToken });
    const carol = await signedInUser(emu, "carol", user.poolId, user.clientId);
    await assert.rejects(credentials(IdentityId!, { [user.providerName]: carol.idToken }),
      identityRejects("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool."));
  });

  it("every check on the token answers NotAuthorizedException in AWS's words", async () => {
    const invalid = (reason: string | RegExp) => identityRejects("NotAuthorizedException", typeof reason === "string" ? `Invalid login token. ${reason}` : reason);
    await assert.rejects(getId({ [user.providerName]: withBadSignature(user.idToken) }), invalid("Couldn't verify signed token."));
    await assert.rejects(getId({ [user.providerName]: "not.a.jwt" }), invalid("Couldn't verify signed token."));
    await assert.rejects(getId({ [user.providerName]: user.accessToken }), invalid("Missing a required claim: aud"));
    await assert.rejects(getId({ [`localhost:1/${user.poolId}`]: user.idToken }), invalid("Issuer doesn't match providerName"));
    const other = await signedInUser(emu, "dave");
    await assert.rejects(getId({ [user.providerName]: other.idToken }), invalid("Issuer doesn't match providerName"));
    await assert.rejects(getId({ [other.providerName]: other.idToken }),
      identityRejects("NotAuthorizedException", "Token is not from a supported provider of this identity pool."));
    await assert.rejects(getId({ "graph.facebook.com": "token" }),
      identityRejects("NotAuthorizedException", "Token is not from a supported provider of this identity pool."));
  });

  it("a token of a client the identity pool does not list is refused", async () => {
    const app = await cognito(emu).send(new CreateUserPoolClientCommand({
      UserPoolId: user.poolId, ClientName: "other-app", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }));
    const auth = await cognito(emu).send(new InitiateAuthCommand({
      ClientId: app.UserPoolClient!.ClientId!, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD },
    }));
    await assert.rejects(getId({ [user.providerName]: auth.AuthenticationResult!.IdToken! }),
      identityRejects("NotAuthorizedException", "Token is not from a supported provider of this identity pool."));
  });

  it("an expired ID token: 'Token expired: now >= exp'", async () => {
    const { IdentityId } = await getId({ [user.providerName]: user.idToken });
    const exp = claimsOf(user.idToken).exp as number;
    await setClock(emu, 3601);
    try {
      await assert.rejects(credentials(IdentityId!, { [user.providerName]: user.idToken }),
        identityRejects("NotAuthorizedException", new RegExp(`^Invalid login token\\. Token expired: \\d+ >= ${exp}$`)));
    } finally {
      await setClock(emu, 0);
    }
  });

  it("an identity or pool that does not exist: ResourceNotFoundException", async () => {
    const ghost = "us-east-1:00000000-0000-4000-8000-000000000000";
    await assert.rejects(credentials(ghost), identityRejects("ResourceNotFoundException", `Identity '${ghost}' not found.`));
    await assert.rejects(identity(emu).send(new GetIdCommand({ IdentityPoolId: ghost })), identityRejects("ResourceNotFoundException", `IdentityPool '${ghost}' not found.`));
  });

  it("ServerSideTokenCheck refuses a token whose sign-in has ended (GlobalSignOut); without it the token still works", async () => {
    const erin = await signedInUser(emu, "erin", user.poolId, user.clientId);
    const { IdentityId } = await getId({ [user.providerName]: erin.idToken });
    await cognito(emu).send(new GlobalSignOutCommand({ AccessToken: erin.accessToken }));
    await credentials(IdentityId!, { [user.providerName]: erin.idToken }); // AWS's default: the ID token is self-contained
    await identity(emu).send(new UpdateIdentityPoolCommand({
      IdentityPoolId: poolId, IdentityPoolName: "app identities", AllowUnauthenticatedIdentities: true, AllowClassicFlow: true,
      CognitoIdentityProviders: [{ ProviderName: user.providerName, ClientId: user.clientId, ServerSideTokenCheck: true }],
    }));
    try {
      await assert.rejects(credentials(IdentityId!, { [user.providerName]: erin.idToken }),
        identityRejects("NotAuthorizedException", "Invalid login token. Token has been revoked."));
      await credentials((await getId({ [user.providerName]: user.idToken })).IdentityId!, { [user.providerName]: user.idToken });
    } finally {
      await identity(emu).send(new UpdateIdentityPoolCommand({
        IdentityPoolId: poolId, IdentityPoolName: "app identities", AllowUnauthenticatedIdentities: true, AllowClassicFlow: true,
        CognitoIdentityProviders: [{ ProviderName: user.providerName, ClientId: user.clientId }],
      }));
    }
  });

  it("the basic flow: GetOpenIdToken, then AssumeRoleWithWebIdentity with the token, trusted for cognito-identity.amazonaws.com", async () => {
    const { IdentityId } = await getId({ [user.providerName]: user.idToken });
    const { Token } = await identity(emu).send(new GetOpenIdTokenCommand({ IdentityId, Logins: { [user.providerName]: user.idToken } }));
    const claims = claimsOf(Token!);
    assert.equal(claims.iss, "https://cognito-identity.amazonaws.com");
    assert.equal(claims.sub, IdentityId);
    assert.equal(claims.aud, poolId);
    assert.deepEqual(claims.amr, ["authenticated", user.providerName, `${user.providerName}:CognitoSignIn:${user.sub}`]);
    assert.equal((claims.exp as number) - (claims.iat as number), 600);
    const sts = new STSClient({ ...emu.clientConfig, maxAttempts: 1 });
    const assumed = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/signed-in`, RoleSessionName: "basic-flow", WebIdentityToken: Token }));
    assert.equal(assumed.SubjectFromWebIdentityToken, IdentityId);
    assert.equal(assumed.Audience, poolId);
    assert.equal(assumed.Provider, "cognito-identity.amazonaws.com");
    assert.equal(assumed.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/signed-in/basic-flow`);
    // The guest role's trust asks for amr "unauthenticated": this token is refused there.
    await assert.rejects(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/guest`, RoleSessionName: "basic-flow", WebIdentityToken: Token })),
      rejectsWith("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"));
    await assert.rejects(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/signed-in`, RoleSessionName: "basic-flow", WebIdentityToken: withBadSignature(Token!) })),
      rejectsWith("InvalidIdentityToken", 400, "Couldn't verify the signature of the token"));
    await setClock(emu, 601);
    try {
      await assert.rejects(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/signed-in`, RoleSessionName: "basic-flow", WebIdentityToken: Token })),
        rejectsWith("ExpiredTokenException", 400, /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/));
    } finally {
      await setClock(emu, 0);
    }
  });

  it("public APIs are not limited by IAM policies even when signed: a user allowed nothing still gets an identity", async () => {
    const admin = iam(emu);
    await admin.send(new CreateUserCommand({ UserName: "no-permissions" }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: "no-permissions" }))).AccessKey!;
    // The SDK sends GetId unsigned; a client may sign it anyway, and AWS evaluates no IAM policy for it.
    const url = new URL(emu.endpoint);
    const signer = new SignatureV4({ service: "cognito-identity", region: "us-east-1", sha256: Sha256,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } });
    const body = JSON.stringify({ IdentityPoolId: poolId, Logins: { [user.providerName]: user.idToken } });
    const signed = await signer.sign({
      method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", body,
      headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityService.GetId" },
    });
    const res = await fetch(`${emu.endpoint}/`, { method: "POST", headers: signed.headers as Record<string, string>, body });
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(((await res.json()) as { IdentityId: string }).IdentityId, /^us-east-1:/);
  });

  it("GetOpenIdToken needs the basic (classic) flow enabled", async () => {
    const strict = await createIdentityPool(emu, { IdentityPoolName: "enhanced-only" });
    const { IdentityId } = await identity(emu).send(new GetIdCommand({ IdentityPoolId: strict }));
    await assert.rejects(identity(emu).send(new GetOpenIdTokenCommand({ IdentityId })),
      identityRejects("InvalidParameterException", "Basic (classic) flow is not enabled, please use enhanced flow."));
  });
});

describe("which role an identity gets, and the trust policies that must allow it", () => {
  let user: SignedInUser;
  let poolId = "";
  let adminsRole = "";
  let auditorsRole = "";
  const login = () => ({ [user.providerName]: user.idToken });
  const mapping = (m: Record<string, unknown>) =>
    identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: `arn:aws:iam::${ACCOUNT}:role/members` }, RoleMappings: { [`${user.providerName}:${user.clientId}`]: m as never } }));
  const credentialsOf = async (CustomRoleArn?: string) => {
    const { IdentityId } = await identity(emu).send(new GetIdCommand({ IdentityPoolId: poolId, Logins: login() }));
    return identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: login(), CustomRoleArn }));
  };

  before(async () => {
    const first = await signedInUser(emu, "frank");
    poolId = await createIdentityPool(emu, { IdentityPoolName: "roles", CognitoIdentityProviders: [{ ProviderName: first.providerName, ClientId: first.clientId }] });
    adminsRole = await createRole(emu, "admins", cognitoTrust(poolId, "authenticated"));
    auditorsRole = await createRole(emu, "auditors", cognitoTrust(poolId, "authenticated"));
    await createRole(emu, "members", cognitoTrust(poolId, "authenticated"));
    const c = cognito(emu);
    await c.send(new CreateGroupCommand({ UserPoolId: first.poolId, GroupName: "admins", RoleArn: adminsRole, Precedence: 1 }));
    await c.send(new CreateGroupCommand({ UserPoolId: first.poolId, GroupName: "auditors", RoleArn: auditorsRole, Precedence: 2 }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: first.poolId, Username: "frank", GroupName: "admins" }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: first.poolId, Username: "frank", GroupName: "auditors" }));
    // Signed in again: the ID token now carries cognito:roles and cognito:preferred_role.
    const auth = await c.send(new InitiateAuthCommand({ ClientId: first.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "frank", PASSWORD } }));
    user = { ...first, idToken: auth.AuthenticationResult!.IdToken! };
  });

  it("no role for the identity's kind: InvalidIdentityPoolConfigurationException", async () => {
    const bare = await createIdentityPool(emu, { IdentityPoolName: "no-roles" });
    const { IdentityId } = await identity(emu).send(new GetIdCommand({ IdentityPoolId: bare }));
    await assert.rejects(identity(emu).send(new GetCredentialsForIdentityCommand({ IdentityId })),
      identityRejects("InvalidIdentityPoolConfigurationException", "Invalid identity pool configuration. Check assigned IAM roles for this pool."));
  });

  it("a Token mapping uses cognito:preferred_role, or the CustomRoleArn among cognito:roles", async () => {
    await mapping({ Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" });
    assert.equal(await callerArn((await credentialsOf()).Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/admins/CognitoIdentityCredentials`);
    assert.equal(await callerArn((await credentialsOf(auditorsRole)).Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/auditors/CognitoIdentityCredentials`);
    await assert.rejects(credentialsOf(`arn:aws:iam::${ACCOUNT}:role/members`),
      identityRejects("InvalidParameterException", `CustomRoleArn arn:aws:iam::${ACCOUNT}:role/members is not one of the roles in the token.`));
  });

  it("a Rules mapping takes the first rule that matches a claim; none matching and Deny refuses", async () => {
    await mapping({ Type: "Rules", AmbiguousRoleResolution: "Deny", RulesConfiguration: { Rules: [
      { Claim: "cognito:groups", MatchType: "Contains", Value: "audit", RoleARN: auditorsRole },
      { Claim: "cognito:username", MatchType: "Equals", Value: "frank", RoleARN: adminsRole },
    ] } });
    assert.equal(await callerArn((await credentialsOf()).Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/auditors/CognitoIdentityCredentials`);
    await mapping({ Type: "Rules", AmbiguousRoleResolution: "Deny", RulesConfiguration: { Rules: [{ Claim: "cognito:username", MatchType: "Equals", Value: "someone", RoleARN: adminsRole }] } });
    await assert.rejects(credentialsOf(), identityRejects("NotAuthorizedException", "The ambiguous role mapping rules denied this request"));
    await mapping({ Type: "Rules", AmbiguousRoleResolution: "AuthenticatedRole", RulesConfiguration: { Rules: [{ Claim: "cognito:username", MatchType: "NotEqual", Value: "frank", RoleARN: adminsRole }] } });
    assert.equal(await callerArn((await credentialsOf()).Credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/members/CognitoIdentityCredentials`);
  });

  it("a role whose trust policy names another pool is refused in enforce mode: InvalidIdentityPoolConfigurationException", async () => {
    const stranger = await createRole(emu, "other-pools-role", cognitoTrust("us-east-1:00000000-0000-4000-8000-00000000abcd", "authenticated"));
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: stranger } }));
    await assert.rejects(credentialsOf(),
      identityRejects("InvalidIdentityPoolConfigurationException", "Invalid identity pool configuration. Check assigned IAM roles for this pool."));
  });

  it("attributes for access control become session tags, which the trust policy must allow (sts:TagSession)", async () => {
    await identity(emu).send(new SetPrincipalTagAttributeMapCommand({ IdentityPoolId: poolId, IdentityProviderName: user.providerName, UseDefaults: true }));
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: `arn:aws:iam::${ACCOUNT}:role/members` } }));
    await assert.rejects(credentialsOf(), identityRejects("InvalidIdentityPoolConfigurationException"));
    const tagged = await createRole(emu, "tagged", cognitoTrust(poolId, "authenticated", ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"]), {
      Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:ListUsers", Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalTag/client": user.clientId, "aws:PrincipalTag/username": user.sub } } }],
    });
    await identity(emu).send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: tagged } }));
    const out = await credentialsOf();
    assert.equal((await iam(emu, keys(out.Credentials!)).send(new ListUsersCommand({}))).$metadata.httpStatusCode, 200);
  });
});

// A Cognito-issued ID token exchanged for a role session, end to end against the spawned CLI in enforce mode:
// the emulator's own pool is the OIDC issuer (http://127.0.0.1:PORT/<poolId>), registered in IAM as a
// provider, and STS fetches the pool's JWKS from the emulator itself to verify the token.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  AdminCreateUserCommand, AdminGetUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient,
  CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateOpenIDConnectProviderCommand } from "@aws-sdk/client-iam";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { useEmulator, type UseEmulator } from "../../support/emulator.js";
import { ACCOUNT, createRole, iamFor, keysOf, rejectsWith, stsFor, trustPolicy } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });
// Info level: the log line that says what enforce mode would have decided.
const lenient = useEmulator({ args: ["--mode", "none", "--log-level", "info"] });
const PASSWORD = "Correct-Horse-9";

interface SignedInPool { poolId: string; clientId: string; idToken: string; accessToken: string; sub: string }

/** A pool, a public client allowing USER_PASSWORD_AUTH, a confirmed user, and that user's tokens. */
async function signedInPool(e: UseEmulator, username: string): Promise<SignedInPool> {
  const c = new CognitoIdentityProviderClient({ ...e.clientConfig, maxAttempts: 1 });
  const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: `pool-${username}` }))).UserPool!.Id!;
  const clientId = (await c.send(new CreateUserPoolClientCommand({
    UserPoolId: poolId, ClientName: "web", ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  }))).UserPoolClient!.ClientId!;
  await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" }));
  await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  const sub = (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!.find((a) => a.Name === "sub")!.Value!;
  // InitiateAuth is unsigned in AWS; the SDK client signs anyway, which the emulator accepts.
  const auth = (await c.send(new InitiateAuthCommand({
    ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: username, PASSWORD },
  }))).AuthenticationResult!;
  return { poolId, clientId, idToken: auth.IdToken!, accessToken: auth.AccessToken!, sub };
}

describe("AssumeRoleWithWebIdentity with an ID token of the emulator's own Cognito pool", () => {
  let pool: SignedInPool;
  let other: SignedInPool;
  let providerId = ""; // 127.0.0.1:PORT/<poolId>: the provider ARN's resource and the condition keys' prefix
  let providerArn = "";
  const assume = (RoleName: string, WebIdentityToken: string) => stsFor(emu).send(new AssumeRoleWithWebIdentityCommand({
    RoleArn: `arn:aws:iam::${ACCOUNT}:role/${RoleName}`, RoleSessionName: "cognito-user", WebIdentityToken,
  }));

  before(async () => {
    pool = await signedInPool(emu, "alice");
    other = await signedInPool(emu, "bob");
    const issuer = `${emu.endpoint}/${pool.poolId}`;
    providerId = issuer.slice("http://".length);
    providerArn = (await iamFor(emu).send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: [pool.clientId] }))).OpenIDConnectProviderArn!;
    await createRole(emu, "cognito-users", trustPolicy({ Federated: providerArn }, "sts:AssumeRoleWithWebIdentity",
      { StringEquals: { [`${providerId}:aud`]: pool.clientId } }));
    await createRole(emu, "someone-else", trustPolicy({ Federated: providerArn }, "sts:AssumeRoleWithWebIdentity",
      { StringEquals: { [`${providerId}:aud`]: pool.clientId, [`${providerId}:sub`]: "00000000-0000-0000-0000-000000000000" } }));
  });

  it("the pool's issuer registers as an OIDC provider named by host, port and pool id", () => {
    assert.equal(providerArn, `arn:aws:iam::${ACCOUNT}:oidc-provider/127.0.0.1:${emu.process.ready.port}/${pool.poolId}`);
  });

  it("the ID token yields a session whose subject is the user's sub, with the provider and audience", async () => {
    const out = await assume("cognito-users", pool.idToken);
    assert.equal(out.SubjectFromWebIdentityToken, pool.sub);
    assert.match(pool.sub, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(out.Provider, providerArn);
    assert.equal(out.Audience, pool.clientId);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cognito-users/cognito-user`);
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/cognito-users/cognito-user`);
    assert.equal(me.Account, ACCOUNT);
    assert.equal(me.UserId, out.AssumedRoleUser!.AssumedRoleId);
  });

  it("a token of another pool, whose issuer is not registered, is refused with InvalidIdentityToken", async () => {
    await assert.rejects(assume("cognito-users", other.idToken),
      rejectsWith("InvalidIdentityToken", 400, `No OpenIDConnect provider found in your account for ${emu.endpoint}/${other.poolId}`));
  });

  it("an access token (no aud claim) is refused: only ID tokens are exchanged", async () => {
    await assert.rejects(assume("cognito-users", pool.accessToken), rejectsWith("InvalidIdentityToken", 400, "Incorrect token audience"));
  });

  it("in enforce mode, a trust condition on <provider>:sub that does not match is refused", async () => {
    await assert.rejects(assume("someone-else", pool.idToken),
      rejectsWith("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"));
  });
});

describe("in mode none, a trust policy that refuses the Cognito token", () => {
  it("lets the exchange through and logs what enforce mode would have answered", async () => {
    const pool = await signedInPool(lenient, "carol");
    const providerId = `${lenient.endpoint}/${pool.poolId}`.slice("http://".length);
    const providerArn = (await iamFor(lenient).send(new CreateOpenIDConnectProviderCommand({
      Url: `${lenient.endpoint}/${pool.poolId}`, ClientIDList: [pool.clientId],
    }))).OpenIDConnectProviderArn!;
    await createRole(lenient, "strict", trustPolicy({ Federated: providerArn }, "sts:AssumeRoleWithWebIdentity",
      { StringEquals: { [`${providerId}:sub`]: "someone-else" } }));
    const out = await stsFor(lenient).send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/strict`, RoleSessionName: "carol", WebIdentityToken: pool.idToken,
    }));
    assert.equal(out.SubjectFromWebIdentityToken, pool.sub);
    const verdict = new RegExp(`trust policy of arn:aws:iam::${ACCOUNT}:role/strict refuses sts:AssumeRoleWithWebIdentity ` +
      `for ${providerArn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*\\(mode none: allowed anyway; enforce mode would answer AccessDenied\\)`);
    // The log reaches this process through a pipe: wait for the line itself.
    await lenient.process.waitForLog(verdict);
  });
});

// The whole chain, as a web app runs it, against the spawned CLI in enforce mode: AWS Amplify v6 signs in
// with SRP (Auth.Cognito.userPoolEndpoint), fetchAuthSession() gets an identity id and credentials from the
// identity pool (Auth.Cognito.identityPoolEndpoint), and requests made with those credentials are authorized
// by the role's policies: allowed, or denied in AWS's words with an explanation that decodes.
// Amplify keeps its state in memory under Node and is a singleton: one identity pool per file.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { Amplify } from "aws-amplify";
import { fetchAuthSession, signIn, signOut } from "aws-amplify/auth";
import { DescribeIdentityCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { CreateUserCommand, IAMServiceException, ListRolesCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import type { Explanation } from "../../../src/policy/types.js";
import { useEmulator } from "../../support/emulator.js";
import { ACCOUNT, cognitoTrust, createIdentityPool, createRole, iam, identity, signedInUser, type SignedInUser } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });
const SIGNED_IN = `arn:aws:sts::${ACCOUNT}:assumed-role/app-user/CognitoIdentityCredentials`;

type AwsCredentials = NonNullable<Awaited<ReturnType<typeof fetchAuthSession>>["credentials"]>;

const callerOf = async (credentials: AwsCredentials) =>
  (await new STSClient({ ...emu.clientConfig, credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))).Arn;

describe("Amplify v6: sign in, fetchAuthSession, and requests the emulator's IAM enforces", () => {
  let user: SignedInUser;
  let identityPoolId = "";

  before(async () => {
    user = await signedInUser(emu, "alice");
    identityPoolId = await createIdentityPool(emu, { CognitoIdentityProviders: [{ ProviderName: user.providerName, ClientId: user.clientId }] });
    await identity(emu).send(new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: {
        authenticated: await createRole(emu, "app-user", cognitoTrust(identityPoolId, "authenticated"),
          { Version: "2012-10-17", Statement: [{ Sid: "ReadRoles", Effect: "Allow", Action: ["iam:ListRoles", "sts:DecodeAuthorizationMessage"], Resource: "*" }] }),
        unauthenticated: await createRole(emu, "app-guest", cognitoTrust(identityPoolId, "unauthenticated")),
      },
    }));
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId: user.poolId, userPoolClientId: user.clientId, userPoolEndpoint: emu.endpoint,
          identityPoolId, identityPoolEndpoint: emu.endpoint, allowGuestAccess: true,
        },
      },
    });
  });
  after(() => signOut().catch(() => undefined));

  it("before sign-in, fetchAuthSession() gives a guest identity the unauthenticated role's credentials", async () => {
    const session = await fetchAuthSession();
    assert.equal(session.tokens, undefined);
    assert.match(session.identityId!, /^us-east-1:[0-9a-f-]{36}$/);
    assert.equal(await callerOf(session.credentials!), `arn:aws:sts::${ACCOUNT}:assumed-role/app-guest/CognitoIdentityCredentials`);
  });

  it("after sign-in, fetchAuthSession() returns the user's identity id and the authenticated role's credentials", async () => {
    const guestId = (await fetchAuthSession()).identityId;
    assert.deepEqual(await signIn({ username: "alice", password: "Correct-Horse-9" }), { isSignedIn: true, nextStep: { signInStep: "DONE" } });
    const session = await fetchAuthSession();
    assert.ok(session.tokens?.idToken);
    // The guest identity becomes the user's: Amplify presents the user pool login with it, as AWS links it.
    assert.equal(session.identityId, guestId);
    assert.deepEqual((await identity(emu).send(new DescribeIdentityCommand({ IdentityId: session.identityId }))).Logins, [user.providerName]);
    assert.equal(await callerOf(session.credentials!), SIGNED_IN);
  });

  it("signed out and back in (a new guest identity first), the user gets their identity back", async () => {
    const userIdentity = (await fetchAuthSession()).identityId;
    await signOut();
    const guest = (await fetchAuthSession()).identityId;
    assert.notEqual(guest, userIdentity);
    await signIn({ username: "alice", password: "Correct-Horse-9" });
    const session = await fetchAuthSession();
    assert.equal(session.identityId, userIdentity);
    assert.equal(await callerOf(session.credentials!), SIGNED_IN);
  });

  it("the role's policy allows what it names (IAM and STS); anything else is denied in AWS's words, explained and decodable", async () => {
    const { credentials } = await fetchAuthSession();
    const asApp = iam(emu, credentials);
    assert.equal((await asApp.send(new ListRolesCommand({}))).$metadata.httpStatusCode, 200);
    await assert.rejects(asApp.send(new CreateUserCommand({ UserName: "mallory" })), (e: unknown) => {
      assert.ok(e instanceof IAMServiceException, String(e));
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.$metadata.httpStatusCode, 403);
      assert.equal(e.message, `User: ${SIGNED_IN} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/mallory ` +
        "because no identity-based policy allows the iam:CreateUser action");
      return true;
    });
    const { decisions } = await (await fetch(`${emu.endpoint}/_emulator/decisions?limit=20`)).json() as
      { decisions: { id: number; principal: string; action: string; decision: string; encodedMessage?: string }[] };
    const denial = decisions.find((d) => d.principal === SIGNED_IN && d.action === "iam:CreateUser")!;
    assert.equal(denial.decision, "implicitDeny");
    assert.ok(decisions.some((d) => d.principal === SIGNED_IN && d.action === "iam:ListRoles" && d.decision === "allowed"));
    // The explanation the tree's Recent decisions opens: which layer decided, and the role's policy that was asked.
    const full = await (await fetch(`${emu.endpoint}/_emulator/decisions?id=${denial.id}`)).json() as { explanation: Explanation };
    const { explanation } = full;
    assert.deepEqual([explanation.decidingLayer, explanation.summary], ["identity", "Denied because no identity-based policy allows the iam:CreateUser action."]);
    assert.deepEqual(explanation.policies.map((p) => [p.source.name, p.statements.map((st) => [st.sid, st.actionMatched])]),
      [["role/app-user/permissions", [["ReadRoles", false]]]]);
    // The identity's own keys were in the request, for policies that use ${cognito-identity.amazonaws.com:sub}.
    assert.equal(explanation.request.context["cognito-identity.amazonaws.com:sub"], (await fetchAuthSession()).identityId);
    assert.equal(explanation.request.context["cognito-identity.amazonaws.com:aud"], identityPoolId);
    // STS as the app: decoding its own denial is allowed by the role's policy; assuming another role is not.
    const asAppSts = new STSClient({ ...emu.clientConfig, credentials, maxAttempts: 1 });
    const { DecodedMessage } = await asAppSts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: denial.encodedMessage }));
    const decoded = JSON.parse(DecodedMessage!) as { allowed: boolean; context: { action: string; principal: { arn: string } } };
    assert.equal(decoded.allowed, false);
    assert.deepEqual([decoded.context.action, decoded.context.principal.arn], ["iam:CreateUser", SIGNED_IN]);
    await assert.rejects(asAppSts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/app-guest`, RoleSessionName: "escalate" })), (e: unknown) => {
      assert.ok(e instanceof STSServiceException, String(e));
      assert.equal(e.name, "AccessDenied");
      assert.equal(e.message, `User: ${SIGNED_IN} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${ACCOUNT}:role/app-guest`);
      return true;
    });
  });
});

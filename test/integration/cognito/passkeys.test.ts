// Passkeys through the API with SDK v3 (and the AWS CLI) and a software authenticator: a signed-in user registers one
// (Start/CompleteWebAuthnRegistration), lists and deletes it, and signs in with USER_AUTH's WEB_AUTHN factor,
// offered in SELECT_CHALLENGE or asked for directly. Refusals carry Cognito's codes: no relying party, passkeys
// not enabled, no registration waiting, another origin, a replayed assertion, passkeys as MFA.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AdminCreateUserCommand, AdminSetUserPasswordCommand, CompleteWebAuthnRegistrationCommand, DeleteWebAuthnCredentialCommand, GetUserPoolMfaConfigCommand,
  InitiateAuthCommand, ListWebAuthnCredentialsCommand, RespondToAuthChallengeCommand, SetUserPoolMfaConfigCommand, StartWebAuthnRegistrationCommand,
  type AuthFactorType, type ExplicitAuthFlowsType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsCliJson } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";
import { SoftwareAuthenticator } from "../../support/passkey-authenticator.js";
import { awsRejects, claims, cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator();
const FLOWS: ExplicitAuthFlowsType[] = ["ALLOW_USER_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"];

async function passkeyPool(factors: AuthFactorType[] = ["PASSWORD", "WEB_AUTHN"]) {
  const c = cognito(emu);
  const pool = await makePool(emu, { Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } }, { ExplicitAuthFlows: FLOWS });
  await c.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: "pia", MessageAction: "SUPPRESS" }));
  await c.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: "pia", Password: PASSWORD, Permanent: true }));
  const signedIn = await c.send(new InitiateAuthCommand({ ClientId: pool.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "pia", PASSWORD } }));
  return { ...pool, accessToken: signedIn.AuthenticationResult!.AccessToken!, sub: claims(signedIn.AuthenticationResult!.IdToken!).sub as string };
}

async function register(accessToken: string, authenticator: SoftwareAuthenticator) {
  const c = cognito(emu);
  const { CredentialCreationOptions } = await c.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
  const credential = authenticator.create(CredentialCreationOptions as never);
  await c.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as never }));
  return { options: CredentialCreationOptions as Record<string, any>, credential: credential as { id: string } };
}

describe("passkeys (WebAuthn)", () => {
  it("a user registers a passkey, lists it, signs in with it through SELECT_CHALLENGE, and deletes it", async () => {
    const c = cognito(emu);
    const p = await passkeyPool();
    await assert.rejects(c.send(new StartWebAuthnRegistrationCommand({ AccessToken: p.accessToken })),
      awsRejects("WebAuthnConfigurationMissingException", /^The user pool has no relying party for passkeys/));
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost", UserVerification: "required" } }));
    assert.deepEqual((await c.send(new GetUserPoolMfaConfigCommand({ UserPoolId: p.poolId }))).WebAuthnConfiguration, { RelyingPartyId: "localhost", UserVerification: "required" });

    const authenticator = new SoftwareAuthenticator();
    const { options, credential } = await register(p.accessToken, authenticator);
    assert.deepEqual(options.rp, { id: "localhost", name: "localhost" });
    assert.deepEqual(options.user, { id: Buffer.from(p.sub).toString("base64url"), name: "pia", displayName: "pia" });
    assert.match(options.challenge, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(options.pubKeyCredParams, [{ type: "public-key", alg: -7 }, { type: "public-key", alg: -257 }]);
    assert.equal(options.authenticatorSelection.userVerification, "required");
    await assert.rejects(c.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: p.accessToken, Credential: credential as never })),
      awsRejects("WebAuthnChallengeNotFoundException", /^No passkey registration is waiting for this user/));

    const { Credentials } = await c.send(new ListWebAuthnCredentialsCommand({ AccessToken: p.accessToken }));
    assert.equal(Credentials!.length, 1);
    const listed = Credentials![0]!;
    assert.deepEqual({ ...listed, CreatedAt: undefined }, { CredentialId: credential.id, FriendlyCredentialName: "Platform passkey", RelyingPartyId: "localhost",
      AuthenticatorAttachment: "platform", AuthenticatorTransports: ["internal"], CreatedAt: undefined });
    assert.ok(listed.CreatedAt instanceof Date);

    const start = await c.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "pia" } }));
    assert.equal(start.ChallengeName, "SELECT_CHALLENGE");
    assert.deepEqual(start.AvailableChallenges, ["WEB_AUTHN", "PASSWORD", "PASSWORD_SRP"]);
    const chosen = await c.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: "SELECT_CHALLENGE", Session: start.Session,
      ChallengeResponses: { USERNAME: "pia", ANSWER: "WEB_AUTHN" } }));
    assert.equal(chosen.ChallengeName, "WEB_AUTHN");
    const request = JSON.parse(chosen.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    assert.deepEqual({ ...request, challenge: undefined }, { challenge: undefined, timeout: 180000, rpId: "localhost", userVerification: "required",
      allowCredentials: [{ type: "public-key", id: credential.id, transports: ["internal"] }] });
    const assertion = JSON.stringify(authenticator.get(request));
    const done = await c.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: "WEB_AUTHN", Session: chosen.Session,
      ChallengeResponses: { USERNAME: "pia", CREDENTIAL: assertion } }));
    assert.equal(claims(done.AuthenticationResult!.IdToken!).sub, p.sub);
    assert.equal(claims(done.AuthenticationResult!.AccessToken!).username, "pia");
    // The same assertion again: its challenge was used.
    await assert.rejects(c.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: "WEB_AUTHN", Session: chosen.Session,
      ChallengeResponses: { USERNAME: "pia", CREDENTIAL: assertion } })), awsRejects("NotAuthorizedException", /answers no challenge this user is waiting on/));

    await c.send(new DeleteWebAuthnCredentialCommand({ AccessToken: p.accessToken, CredentialId: credential.id }));
    assert.deepEqual((await c.send(new ListWebAuthnCredentialsCommand({ AccessToken: p.accessToken }))).Credentials, []);
    await assert.rejects(c.send(new DeleteWebAuthnCredentialCommand({ AccessToken: p.accessToken, CredentialId: credential.id })), (e: Error) => e.name === "ResourceNotFoundException");
    const without = await c.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "pia" } }));
    assert.deepEqual(without.AvailableChallenges, ["PASSWORD", "PASSWORD_SRP"]);
  });

  it("PREFERRED_CHALLENGE WEB_AUTHN asks for the passkey at once; an assertion made on another site is refused", async () => {
    const c = cognito(emu);
    const p = await passkeyPool();
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost" } }));
    const authenticator = new SoftwareAuthenticator({ userVerified: false });
    await register(p.accessToken, authenticator);
    const ask = () => c.send(new InitiateAuthCommand({ ClientId: p.clientId, AuthFlow: "USER_AUTH", AuthParameters: { USERNAME: "pia", PREFERRED_CHALLENGE: "WEB_AUTHN" } }));
    const start = await ask();
    assert.equal(start.ChallengeName, "WEB_AUTHN");
    const request = JSON.parse(start.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!);
    assert.equal(request.userVerification, "preferred");
    const phished = new SoftwareAuthenticator({ origin: "https://evil.example" });
    for (const [id, held] of authenticator.held) phished.held.set(id, held);
    await assert.rejects(c.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: "WEB_AUTHN", Session: start.Session,
      ChallengeResponses: { USERNAME: "pia", CREDENTIAL: JSON.stringify(phished.get(request)) } })),
      awsRejects("NotAuthorizedException", "The origin https://evil.example may not use passkeys of the relying party localhost."));
    const again = await ask();
    const answer = JSON.stringify(authenticator.get(JSON.parse(again.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS!)));
    const done = await c.send(new RespondToAuthChallengeCommand({ ClientId: p.clientId, ChallengeName: "WEB_AUTHN", Session: again.Session, ChallengeResponses: { USERNAME: "pia", CREDENTIAL: answer } }));
    assert.ok(done.AuthenticationResult!.AccessToken);
  });

  it("the AWS CLI (v1; Debian's v2 predates these commands) registers and lists a passkey", async () => {
    const c = cognito(emu);
    const p = await passkeyPool();
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost" } }));
    const started = await awsCliJson(emu, "aws", ["cognito-idp", "start-web-authn-registration", "--access-token", p.accessToken]);
    assert.equal(started.CredentialCreationOptions.rp.id, "localhost");
    const credential = new SoftwareAuthenticator().create(started.CredentialCreationOptions);
    const dir = mkdtempSync(join(tmpdir(), "aie-passkey-"));
    try {
      writeFileSync(join(dir, "credential.json"), JSON.stringify(credential));
      assert.deepEqual(await awsCliJson(emu, "aws", ["cognito-idp", "complete-web-authn-registration", "--access-token", p.accessToken, "--credential", `file://${join(dir, "credential.json")}`]), {});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const listed = await awsCliJson(emu, "aws", ["cognito-idp", "list-web-authn-credentials", "--access-token", p.accessToken]);
    assert.deepEqual(listed.Credentials.map((x: { CredentialId: string; RelyingPartyId: string }) => [x.CredentialId, x.RelyingPartyId]), [[credential.id, "localhost"]]);
  });

  it("refusals: passkeys not enabled, a registration from another origin, passkeys as MFA, a relying party that is not a host name", async () => {
    const c = cognito(emu);
    const off = await passkeyPool(["PASSWORD"]);
    await assert.rejects(c.send(new StartWebAuthnRegistrationCommand({ AccessToken: off.accessToken })),
      awsRejects("WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool: add WEB_AUTHN to Policies.SignInPolicy.AllowedFirstAuthFactors."));
    const p = await passkeyPool();
    await assert.rejects(c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "https://localhost:3000" } })),
      awsRejects("InvalidParameterException", /^RelyingPartyId must be a host name/));
    await assert.rejects(c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost", FactorConfiguration: "MULTI_FACTOR_WITH_USER_VERIFICATION" } })),
      (e: Error) => e.name === "NotImplemented" && /passkeys as MFA/.test(e.message));
    await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: p.poolId, WebAuthnConfiguration: { RelyingPartyId: "localhost" } }));
    await assert.rejects(register(p.accessToken, new SoftwareAuthenticator({ origin: "https://evil.example" })),
      awsRejects("WebAuthnOriginNotAllowedException", "The origin https://evil.example may not use passkeys of the relying party localhost."));
    await assert.rejects(register(p.accessToken, new SoftwareAuthenticator({ rpIdOverride: "evil.example" })),
      awsRejects("WebAuthnRelyingPartyMismatchException", "The credential is for another relying party than localhost."));
  });
});

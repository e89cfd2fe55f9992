// AssumeRoleWithWebIdentity through the SDK against the spawned CLI in enforce mode, with ID tokens signed
// here by jose and keys served from a local JWKS server (port 0) registered as the IAM OIDC provider.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPair } from "jose";
import { CreateOpenIDConnectProviderCommand } from "@aws-sdk/client-iam";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { startOidcIssuer, type OidcIssuer, type PrivateKey } from "../../support/oidc-issuer.js";
import { ACCOUNT, createRole, iamFor, keysOf, rejectsWith, stsFor, trustPolicy } from "./fixtures.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });

let oidc: OidcIssuer;
let issuer = "";
let providerId = "";
let strangerKey: PrivateKey;

function token(claims: Record<string, unknown> = {}, key?: PrivateKey, lifetime = 600): Promise<string> {
  return oidc.token({ aud: "my-app", sub: "user-1", ...claims }, lifetime, key);
}

const ROLE = `arn:aws:iam::${ACCOUNT}:role/web`;
const assume = (WebIdentityToken: string, extra: { RoleArn?: string; DurationSeconds?: number } = {}) =>
  stsFor(emu).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "web-session", WebIdentityToken, ...extra }));

describe("AssumeRoleWithWebIdentity", () => {
  before(async () => {
    oidc = await startOidcIssuer();
    strangerKey = (await generateKeyPair("RS256")).privateKey;
    issuer = oidc.url;
    providerId = issuer.slice("http://".length);
    const iam = iamFor(emu);
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: issuer, ClientIDList: ["my-app"] }));
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: "http://127.0.0.1:1", ClientIDList: ["my-app"] }));
    const federated = { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${providerId}` };
    await createRole(emu, "web", trustPolicy(federated, "sts:AssumeRoleWithWebIdentity",
      { StringEquals: { [`${providerId}:sub`]: "user-1", [`${providerId}:aud`]: "my-app" } }));
    await createRole(emu, "closed", trustPolicy({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/127.0.0.1:1` }, "sts:AssumeRoleWithWebIdentity"));
  });
  after(() => oidc.close());

  it("a signed ID token yields a role session with the token's subject, provider and audience", async () => {
    const out = await assume(await token());
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/web/web-session`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:web-session$/);
    assert.equal(out.SubjectFromWebIdentityToken, "user-1");
    assert.equal(out.Provider, `arn:aws:iam::${ACCOUNT}:oidc-provider/${providerId}`);
    assert.equal(out.Audience, "my-app");
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    const me = await stsFor(emu, keysOf(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/web/web-session`);
  });

  it("the trust policy's <provider>:sub condition is enforced", async () => {
    await assert.rejects(assume(await token({ sub: "user-2" })),
      rejectsWith("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"));
  });

  it("an audience the provider does not list: InvalidIdentityToken", async () => {
    await assert.rejects(assume(await token({ aud: "other-app" })), rejectsWith("InvalidIdentityToken", 400, "Incorrect token audience"));
  });

  it("an issuer not registered in IAM: InvalidIdentityToken", async () => {
    await assert.rejects(assume(await token({ iss: `${issuer}/elsewhere` })),
      rejectsWith("InvalidIdentityToken", 400, `No OpenIDConnect provider found in your account for ${issuer}/elsewhere`));
  });

  it("a token signed by another key fails signature verification", async () => {
    await assert.rejects(assume(await token({}, strangerKey)), rejectsWith("InvalidIdentityToken", 400, "Couldn't verify the signature of the token"));
  });

  it("an expired token answers ExpiredTokenException with AWS's wording", async () => {
    await assert.rejects(assume(await token({}, undefined, -60)),
      rejectsWith("ExpiredTokenException", 400, /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/));
  });

  it("a token not yet valid (nbf) is refused", async () => {
    await assert.rejects(assume(await token({ nbf: Math.floor(Date.now() / 1000) + 300 })), rejectsWith("InvalidIdentityToken", 400, /^Token is not yet valid/));
  });

  it("text that is not a JWT is refused", async () => {
    await assert.rejects(assume("not-a-jwt-at-all"),
      rejectsWith("InvalidIdentityToken", 400, "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"));
  });

  it("DurationSeconds beyond the role's maximum: ValidationError", async () => {
    await assert.rejects(assume(await token(), { DurationSeconds: 7200 }),
      rejectsWith("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));
  });

  it("an issuer whose keys cannot be fetched: InvalidIdentityToken", async () => {
    await assert.rejects(assume(await token({ iss: "http://127.0.0.1:1" }), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/closed` }),
      rejectsWith("InvalidIdentityToken", 400, /^Couldn't retrieve verification key from your identity provider/));
  });
});

// AssumeRoleWithWebIdentity through the SDK against the spawned CLI in enforce mode, with ID tokens signed
// by the local OIDC issuer (test/support/oidc-issuer.ts, port 0) registered as the IAM OIDC provider,
// which the emulator may call because --allow-outbound names it (no other loopback service is reached).
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateOpenIDConnectProviderCommand } from "@aws-sdk/client-iam";
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { useEmulator } from "../../support/emulator.js";
import { serveJwks, startOidcIssuer, strangerKey as newStrangerKey, type OidcIssuer, type PrivateKey } from "../../support/oidc-issuer.js";
import { ACCOUNT, createRole, iamFor, keysOf, rejectsWith, stsFor, trustPolicy } from "./fixtures.js";

let oidc: OidcIssuer;
let issuer = "";
let providerId = "";
let strangerKey: PrivateKey;
/** Folders of JWKS files: one the emulator may read, one it may not. */
const allowedDir = mkdtempSync(join(tmpdir(), "aie-jwks-"));
const otherDir = mkdtempSync(join(tmpdir(), "aie-jwks-other-"));

// The issuer and its keys exist before the emulator starts, so its flags can allow them.
async function startIssuer(): Promise<string[]> {
  oidc = await startOidcIssuer();
  strangerKey = await newStrangerKey();
  issuer = oidc.url;
  providerId = issuer.slice("http://".length);
  for (const dir of [allowedDir, otherDir]) writeFileSync(join(dir, "jwks.json"), JSON.stringify(oidc.jwks));
  return ["--allow-outbound", `${issuer}/,file://${allowedDir}/`];
}
after(() => {
  rmSync(allowedDir, { recursive: true, force: true });
  rmSync(otherDir, { recursive: true, force: true });
});
const emu = useEmulator(async () => ({ args: ["--mode", "enforce", "--log-level", "info", ...await startIssuer()] }));

const token = (claims: Record<string, unknown> = {}, key = oidc.key, lifetime = 600): Promise<string> =>
  oidc.token({ aud: "my-app", sub: "user-1", ...claims }, lifetime, key);

const ROLE = `arn:aws:iam::${ACCOUNT}:role/web`;
const assume = (WebIdentityToken: string, extra: { RoleArn?: string; DurationSeconds?: number } = {}) =>
  stsFor(emu).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: "web-session", WebIdentityToken, ...extra }));

describe("AssumeRoleWithWebIdentity", () => {
  before(async () => {
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
    await assert.rejects(assume(await token({}, oidc.key, -60)),
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

  it("a loopback issuer that --allow-outbound does not name is not fetched: the emulator is no way into local services", async () => {
    // Same keys, another port on this machine: the emulator may not call it.
    const iam = iamFor(emu);
    const other = await serveJwks(oidc.jwks);
    try {
      const otherIssuer = other.url;
      const otherId = otherIssuer.slice("http://".length);
      await iam.send(new CreateOpenIDConnectProviderCommand({ Url: otherIssuer, ClientIDList: ["my-app"] }));
      await createRole(emu, "unlisted", trustPolicy({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${otherId}` }, "sts:AssumeRoleWithWebIdentity"));
      await assert.rejects(assume(await token({ iss: otherIssuer }), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/unlisted` }),
        rejectsWith("InvalidIdentityToken", 400, /^Couldn't retrieve verification key from your identity provider/));
      assert.equal(other.requests, 0);
      // The log line may reach the pipe after the answer: wait for it rather than read stderr once.
      await emu.process.waitForLog(new RegExp(`The emulator does not call ${otherIssuer.replace(/[.]/g, "\\.")}: outbound calls go only to the emulator itself and to destinations you allow with --allow-outbound`));
    } finally {
      await other.close();
    }
  });

  it("an emulator:jwks file is read only inside a folder --allow-outbound names", async () => {
    const iam = iamFor(emu);
    for (const [name, dir] of [["in-allowed", allowedDir], ["in-other", otherDir]] as const) {
      const url = `https://${name}.idp.example`;
      await iam.send(new CreateOpenIDConnectProviderCommand({ Url: url, ClientIDList: ["my-app"], Tags: [{ Key: "emulator:jwks", Value: join(dir, "jwks.json") }] }));
      await createRole(emu, name, trustPolicy({ Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${name}.idp.example` }, "sts:AssumeRoleWithWebIdentity"));
    }
    const allowed = await assume(await token({ iss: "https://in-allowed.idp.example" }), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/in-allowed` });
    assert.equal(allowed.Provider, `arn:aws:iam::${ACCOUNT}:oidc-provider/in-allowed.idp.example`);
    await assert.rejects(assume(await token({ iss: "https://in-other.idp.example" }), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/in-other` }),
      rejectsWith("InvalidIdentityToken", 400, /^Couldn't retrieve verification key from your identity provider/));
  });
});

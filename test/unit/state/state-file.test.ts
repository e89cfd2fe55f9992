// State files: a file of every format version keeps loading (fixtures/state-v1.json was written by the first
// version), secrets are marked and, when left out, made anew in a shape that works; readStateFile refuses
// what is not a state file before anything changes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AdminInitiateAuthCommand, CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { DEFAULTS, type EmulatorConfig } from "../../../src/config.js";
import { silentLogger } from "../../../src/log.js";
import { startEmulator } from "../../../src/server/emulator.js";
import { isMarkedSecret, SECRET_FIELDS, tableKind } from "../../../src/state/secrets.js";
import { readStateFile, STATE_VERSION, StateFileError } from "../../../src/state/state-file.js";
import { ownerOfGlobalRow } from "../../../src/state/accounts.js";

const FIXTURES = join(__dirname, "fixtures");
const config = (overrides: Partial<EmulatorConfig>): EmulatorConfig => ({ ...DEFAULTS, port: 0, dataDir: null, ...overrides });

describe("state files", () => {
  it("a version 1 file loads: its key authenticates, its pool user signs in, and it exports as it was", async () => {
    const path = join(FIXTURES, "state-v1.json");
    const fixture = JSON.parse(readFileSync(path, "utf8"));
    assert.equal(fixture.version, 1);
    const emulator = await startEmulator(config({ mode: "authenticate", accountId: "111122223333", importState: path }), silentLogger);
    try {
      // Before any request: a sign-in adds a refresh session, a signed call the key's last use.
      const again = emulator.control.exportState();
      assert.deepEqual(again.tables, fixture.tables);
      assert.equal(again.version, STATE_VERSION);
      const base = { endpoint: emulator.endpoint, region: "us-east-1", maxAttempts: 1 };
      const sts = new STSClient({ ...base, credentials: { accessKeyId: "AKIAFIXTURE000000001", secretAccessKey: "fixture-secret" } });
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::111122223333:user/ci");
      const [[poolId]] = fixture.tables["111122223333/us-east-1/cognito-idp/pools"];
      const [[clientKey]] = fixture.tables["111122223333/us-east-1/cognito-idp/clients"];
      const idp = new CognitoIdentityProviderClient({ ...base, credentials: { accessKeyId: "111122223333", secretAccessKey: "test" } });
      const signIn = await idp.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: clientKey.split("\u0000")[1], AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Correct-Horse-9" },
      }));
      assert.ok(signIn.AuthenticationResult?.IdToken);
    } finally {
      await emulator.close();
    }
  });

  it("every global row names its account, and every secret field is marked", () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "state-v1.json"), "utf8"));
    const marked = new Set<string>();
    for (const [id, rows] of Object.entries<[string, Record<string, unknown>][]>(fixture.tables)) {
      for (const [key, row] of rows) {
        if (id.startsWith("global/")) assert.equal(ownerOfGlobalRow(row), "111122223333", `${id} ${key}`);
        for (const [field, value] of Object.entries(row)) if (isMarkedSecret(value)) marked.add(`${tableKind(id)}.${field}`);
      }
    }
    for (const expected of ["global/accessKeys.secretAccessKey", "cognito-idp/pools.signingKey", "cognito-idp/pools.sessionKey", "cognito-idp/users.password"]) {
      assert.ok(marked.has(expected), `${expected} is marked`);
    }
    for (const name of marked) assert.ok(SECRET_FIELDS.some((s) => `${s.table}.${s.field}` === name), `${name} is a declared secret`);
  });

  it("left-out secrets are made anew in working shape: the pool signs tokens with a new key, the key gets a new secret", async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, "state-v1.json"), "utf8"));
    const omitted = JSON.parse(JSON.stringify(fixture, (_k, v) => (isMarkedSecret(v) ? { $secret: null } : v)));
    omitted.secrets = "omitted";
    const emulator = await startEmulator(config({ accountId: "111122223333" }), silentLogger);
    try {
      await emulator.control.importState(omitted);
      const state = emulator.control.exportState();
      const key = state.tables["global/accessKeys"]![0]![1] as { secretAccessKey: { $secret: string } };
      assert.match(key.secretAccessKey.$secret, /^[A-Za-z0-9]{40}$/);
      const [[poolId, pool]] = state.tables["111122223333/us-east-1/cognito-idp/pools"] as [string, { signingKey: { $secret: { kid: string } } }][];
      const fixtureKid = (fixture.tables["111122223333/us-east-1/cognito-idp/pools"][0][1].signingKey.$secret as { kid: string }).kid;
      assert.notEqual(pool!.signingKey.$secret.kid, fixtureKid);
      const jwks = await fetch(`${emulator.endpoint}/${poolId}/.well-known/jwks.json`).then((r) => r.json()) as { keys: { kid: string; n: string }[] };
      assert.equal(jwks.keys[0]!.kid, pool!.signingKey.$secret.kid);
      // The password is unknown now: the user is there, and refused.
      const [[clientKey]] = state.tables["111122223333/us-east-1/cognito-idp/clients"]!;
      const idp = new CognitoIdentityProviderClient({ endpoint: emulator.endpoint, region: "us-east-1", credentials: { accessKeyId: "111122223333", secretAccessKey: "test" }, maxAttempts: 1 });
      await assert.rejects(idp.send(new AdminInitiateAuthCommand({
        UserPoolId: poolId, ClientId: (clientKey as string).split("\u0000")[1], AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD: "Correct-Horse-9" },
      })), (e: Error) => e.name === "NotAuthorizedException" && e.message === "Incorrect username or password.");
    } finally {
      await emulator.close();
    }
  });

  it("readStateFile refuses a hostile file without a stack overflow or a partial read", () => {
    const deep = JSON.parse(`${"[".repeat(5000)}${"]".repeat(5000)}`);
    const cases: Array<[unknown, RegExp]> = [
      [null, /^A state file is a JSON object\.$/],
      [{ format: "aws-identity-emulator-state", version: 1.5 }, /^\$\.version must be a positive whole number\.$/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "some", tables: {} }, /^\$\.secrets must be "included" or "omitted"\.$/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: [] }, /^\$\.tables must be an object/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "global/x": deep } }, /^\$\.tables\["global\/x"\]\[0\] must be a \[key, record\] pair/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "global/accessKeys": [["K", { accountId: "1" }]] }, accountId: "123456789012" }, /does not belong to account 123456789012/],
      [{ format: "aws-identity-emulator-state", version: 1, secrets: "included", tables: { "global/__proto__/x/y/z": [] } }, /is not a table name/],
    ];
    for (const [i, [value, message]] of cases.entries()) {
      assert.throws(() => readStateFile(value), (e: Error) => e instanceof StateFileError && message.test(e.message), `case ${i}`);
    }
  });
});

// The CLI as a process: flags, help, the ready and error lines, exit codes, signals and the seed file.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  IAMClient, GetUserCommand, GetRoleCommand, ListAttachedRolePoliciesCommand, ListGroupsForUserCommand, GetUserPolicyCommand, ListUsersCommand,
} from "@aws-sdk/client-iam";
import { CLI, spawnEmulator } from "../../support/emulator.js";

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("flags", () => {
  it("--help lists every option with its environment variable", async () => {
    const out = await runCli(["--help"]);
    assert.equal(out.code, 0);
    for (const flag of ["--port", "--host", "--mode", "--data-dir", "--no-persist", "--seed", "--account-id", "--region", "--log-level",
      "--allow-outbound", "--allow-origin", "--allow-host", "--admin-token"]) {
      assert.match(out.stdout, new RegExp(`^  ${flag}`, "m"), flag);
    }
    assert.match(out.stdout, /AWS_IDENTITY_EMULATOR_PORT/);
  });

  it("an unknown flag exits 2 with a message and an error line", async () => {
    const out = await runCli(["--colour", "blue"]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /Unknown option --colour/);
    assert.equal(JSON.parse(out.stdout).event, "error");
  });

  it("a bad --mode is refused naming the choices", async () => {
    const out = await runCli(["--mode", "strict"]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /--mode must be one of none, authenticate, enforce; got "strict"/);
  });

  it("malformed origins, host names and admin tokens are refused naming the flag", async () => {
    const origin = await runCli(["--allow-origin", "app.example.test"]);
    assert.equal(origin.code, 2);
    assert.match(origin.stderr, /--allow-origin takes origins such as https:\/\/app\.example\.com or http:\/\/\*\.test:\* separated by commas; got "app\.example\.test"/);
    const host = await runCli(["--allow-host", "http://x"]);
    assert.match(host.stderr, /--allow-host takes host names such as host\.docker\.internal/);
    const token = await runCli(["--admin-token", "short"]);
    assert.match(token.stderr, /--admin-token must be at least 16 printable characters without spaces\./);
  });

  it("the admin token comes from --admin-token or the environment, else is new at every start", async () => {
    const fixed = await spawnEmulator({ args: ["--no-persist"], env: { AWS_IDENTITY_EMULATOR_ADMIN_TOKEN: "a-token-for-docker-compose" } });
    const random = await spawnEmulator({ args: ["--no-persist"] });
    try {
      assert.equal(fixed.ready.adminToken, "a-token-for-docker-compose");
      assert.match(random.ready.adminToken, /^[\w-]{43}$/);
      assert.doesNotMatch(random.stderr(), new RegExp(random.ready.adminToken), "the token is not logged");
    } finally {
      for (const emu of [fixed, random]) {
        await emu.stop();
        rmSync(emu.dataDir, { recursive: true, force: true });
      }
    }
  });

  it("listening beyond loopback warns at start-up", async () => {
    const emu = await spawnEmulator({ args: ["--no-persist", "--host", "0.0.0.0"] });
    try {
      assert.match(emu.stderr(), /WARN {2}Listening on 0\.0\.0\.0: other machines can reach the emulator\. In mode none anyone who reaches it acts as the account root: use --mode authenticate or enforce unless this network is yours alone\. See docs\/security\.md\./);
    } finally {
      await emu.stop();
      rmSync(emu.dataDir, { recursive: true, force: true });
    }
  });

  it("environment variables configure it; flags win over them", async () => {
    const emu = await spawnEmulator({ args: ["--no-persist", "--account-id", "222233334444"], env: { AWS_IDENTITY_EMULATOR_ACCOUNT_ID: "111111111111", AWS_IDENTITY_EMULATOR_REGION: "eu-west-1" } });
    try {
      assert.equal(emu.ready.accountId, "222233334444");
      assert.equal(emu.ready.region, "eu-west-1");
      assert.equal(emu.ready.dataDir, null);
      const sts = new STSClient({ endpoint: emu.ready.endpoint, region: "eu-west-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, "arn:aws:iam::222233334444:root");
    } finally {
      await emu.stop();
      rmSync(emu.dataDir, { recursive: true, force: true });
    }
  });
});

describe("lifecycle", () => {
  it("a port in use exits 3 with an EADDRINUSE line naming the port", async () => {
    const first = await spawnEmulator({ args: ["--no-persist"] });
    try {
      const out = await runCli(["--port", String(first.ready.port), "--no-persist"]);
      assert.equal(out.code, 3);
      const line = JSON.parse(out.stdout);
      assert.equal(line.event, "error");
      assert.equal(line.code, "EADDRINUSE");
      assert.equal(line.port, first.ready.port);
      assert.match(line.message, new RegExp(`Port ${first.ready.port} is in use by another process`));
    } finally {
      await first.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} shuts down cleanly with exit code 0`, async () => {
      const emu = await spawnEmulator({ args: ["--no-persist", "--log-level", "info"] });
      const code = await emu.stop(signal);
      assert.equal(code, 0);
      assert.match(emu.stderr(), new RegExp(`${signal}: shutting down`));
      rmSync(emu.dataDir, { recursive: true, force: true });
    });
  }
});

describe("seed file", () => {
  const dir = mkdtempSync(join(tmpdir(), "aie-seed-"));

  it("loads users with their access keys; a seeded key authenticates as its user", async () => {
    const seed = join(dir, "seed.json");
    writeFileSync(seed, JSON.stringify({
      iam: { users: [{ name: "ci-bot", path: "/robots/", tags: { team: "platform" },
        access_keys: [{ access_key_id: "AKIASEEDEDKEY0000001", secret_access_key: "seeded-secret" }] }] },
    }));
    const emu = await spawnEmulator({ args: ["--no-persist", "--seed", seed, "--mode", "authenticate"] });
    try {
      const config = { endpoint: emu.ready.endpoint, region: "us-east-1", credentials: { accessKeyId: "AKIASEEDEDKEY0000001", secretAccessKey: "seeded-secret" } };
      const me = await new STSClient(config).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Arn, "arn:aws:iam::000000000000:user/robots/ci-bot");
      const user = await new IAMClient(config).send(new GetUserCommand({}));
      assert.deepEqual(user.User!.Tags, [{ Key: "team", Value: "platform" }]);
    } finally {
      await emu.stop();
      rmSync(emu.dataDir, { recursive: true, force: true });
    }
  });

  it("loads policies, groups, roles and users with their relations, and applies again on restart without failing", async () => {
    const seed = join(dir, "full.json");
    const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
    writeFileSync(seed, JSON.stringify({
      iam: {
        policies: [{ name: "s3-all", document: allowAll }],
        groups: [{ name: "devs", managed_policies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }],
        roles: [{ name: "app", assume_role_policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] },
          managed_policies: ["arn:aws:iam::000000000000:policy/s3-all"] }],
        users: [{ name: "dana", groups: ["devs"], policies: { inline: allowAll } }],
      },
    }));
    const dataDir = join(dir, "state");
    for (const round of [1, 2]) {
      const emu = await spawnEmulator({ args: ["--seed", seed], dataDir });
      try {
        const iam = new IAMClient({ endpoint: emu.ready.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
        assert.equal((await iam.send(new GetRoleCommand({ RoleName: "app" }))).Role!.Arn, "arn:aws:iam::000000000000:role/app", `round ${round}`);
        assert.deepEqual((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "app" }))).AttachedPolicies!.map((p) => p.PolicyName), ["s3-all"]);
        assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: "dana" }))).Groups!.map((g) => g.GroupName), ["devs"]);
        assert.equal(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: "dana", PolicyName: "inline" }))).PolicyDocument!), JSON.stringify(allowAll));
        assert.equal((await iam.send(new ListUsersCommand({}))).Users!.length, 1);
      } finally {
        await emu.stop();
      }
    }
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["not JSON", "{ nope", /is not valid JSON/],
    ["an unknown section", { s3: {} }, /at \$: unknown section "s3" \(known: iam, cognito, users, lambda\)/],
    ["a user without a name", { iam: { users: [{ path: "/" }] } }, /\$\.iam\.users\[0\]\.name must be a non-empty string/],
    ["an invalid user name", { iam: { users: [{ name: "bad name" }] } }, /at \$\.iam\.users\[0\]: 1 validation error detected: Value 'bad name' at 'userName'/],
    // CloudMock's top-level users list: its entries are checked as the iam section's are.
    ["a CloudMock user with a secret but no key id", { users: [{ name: "app", secret_access_key: "s" }] }, /\$\.users\[0\]\.access_key_id must be a non-empty string/],
    ["a CloudMock policy without a document", { users: [{ name: "app", policies: [{ name: "p" }] }] }, /\$\.users\[0\]\.policies\[0\]\.document must be a policy document/],
  ];
  for (const [what, content, message] of bad) {
    it(`a seed with ${what} stops start-up naming the file and the problem`, async () => {
      const seed = join(dir, `bad-${what.replace(/\W+/g, "-")}.json`);
      writeFileSync(seed, typeof content === "string" ? content : JSON.stringify(content));
      const out = await runCli(["--port", "0", "--no-persist", "--seed", seed]);
      assert.equal(out.code, 1);
      const line = JSON.parse(out.stdout);
      assert.equal(line.event, "error");
      assert.ok(line.message.includes(seed), line.message);
      assert.match(line.message, message);
    });
  }

  it("cleans up", () => rmSync(dir, { recursive: true, force: true }));
});

// GET /_emulator/events?requests=1: a `request` event per request the request recorder files (recent ones
// replayed first), with enforce mode's decision; the extension's live Requests view reads it.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { CreateAccessKeyCommand, CreateUserCommand, GetUserCommand, IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import type { RequestEvent } from "../../../src/admin-api/request-events.js";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--mode", "enforce"] });

/** Reads server-sent events of one kind until `done` says so; closes the stream. */
class EventStream {
  readonly events: { event: string; data: any }[] = [];
  private readonly controller = new AbortController();
  private wake: (() => void) | undefined;
  constructor(url: string) {
    void this.read(url).catch(() => undefined);
  }
  private async read(url: string): Promise<void> {
    const res = await fetch(url, { signal: this.controller.signal });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) this.events.push({ event, data: JSON.parse(data) });
        this.wake?.();
      }
    }
  }
  requests(): RequestEvent[] {
    return this.events.filter((e) => e.event === "request").map((e) => e.data as RequestEvent);
  }
  /** Waits for the events `done` needs, woken by each one that arrives (the suite's timeout bounds a hang). */
  async until(done: () => boolean): Promise<void> {
    while (!done()) await new Promise<void>((r) => { this.wake = r; });
  }
  close(): void { this.controller.abort(); }
}

const streams: EventStream[] = [];
after(() => streams.forEach((s) => s.close()));
const open = (query: string) => { const s = new EventStream(`${emu.endpoint}/_emulator/events${query}`); streams.push(s); return s; };

describe("request events", { timeout: 30_000 }, () => {
  it("streams each request the recorder files, with its action, resource, context and enforce mode's decision", async () => {
    const live = open("?requests=1");
    const plain = open("");
    await live.until(() => live.events.some((e) => e.event === "health"));
    const admin = new IAMClient(emu.clientConfig);
    await admin.send(new CreateUserCommand({ UserName: "alice" }));
    const { AccessKey } = await admin.send(new CreateAccessKeyCommand({ UserName: "alice" }));
    const alice = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
    await assert.rejects(alice.send(new ListRolesCommand({})), { name: "AccessDenied" });
    await assert.rejects(alice.send(new GetUserCommand({ UserName: "bob" })), { name: "AccessDenied" });
    // Not recorded: the account root (setup scripts), a caller not known, and the tree's own calls.
    const stranger = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: "AKIANOBODY0000000000", secretAccessKey: "x" } });
    await assert.rejects(stranger.send(new ListRolesCommand({})), { name: "InvalidClientTokenId" });
    await emu.admin("call", { method: "POST", body: JSON.stringify({ service: "iam", operation: "ListUsers", input: {} }) });

    await live.until(() => live.requests().length >= 2);
    const [list, get] = live.requests();
    assert.equal(live.requests().length, 2, JSON.stringify(live.requests()));
    assert.deepEqual([list!.service, list!.operation, list!.action, list!.principal, list!.identity, list!.decision, list!.source],
      ["iam", "ListRoles", "iam:ListRoles", "arn:aws:iam::000000000000:user/alice", "arn:aws:iam::000000000000:user/alice", "implicitDeny", "emulator"]);
    assert.deepEqual(get!.resources, ["arn:aws:iam::000000000000:user/bob"]);
    assert.equal(get!.context["aws:username"], "alice");
    assert.ok(get!.seq > list!.seq);
    const full = await (await fetch(`${emu.endpoint}/_emulator/decisions?id=${list!.decisionId}`)).json() as { requestId: string; decision: string; explanation?: unknown };
    assert.equal(full.requestId, list!.requestId);
    assert.equal(full.decision, "implicitDeny");
    assert.ok(full.explanation, "a denial keeps its explanation");
    assert.deepEqual(plain.requests(), [], "without ?requests=1 the stream stays as it was");
  });

  it("replays the recent requests, oldest first, before the first health event", async () => {
    const late = open("?requests=1");
    await late.until(() => late.events.some((e) => e.event === "health"));
    assert.deepEqual(late.requests().map((r) => r.action), ["iam:ListRoles", "iam:GetUser"]);
    assert.equal(late.requests()[0]!.decisionId! > 0, true);
  });

  it("a reset of one account, and a state file loaded, replace what a viewer shows: the requests that remain are replayed", async () => {
    const saved = await (await emu.admin("state", { method: "GET" })).text();
    // A user in the default account and one in a second account each make a request the recorder files.
    const { accountId: other, accessKeyId, secretAccessKey } = await (await emu.admin("accounts", { method: "POST" })).json() as { accountId: string; accessKeyId: string; secretAccessKey: string };
    const userIn = async (client: IAMClient, name: string) => {
      await client.send(new CreateUserCommand({ UserName: name }));
      const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: name }));
      return new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
    };
    const carol = await userIn(new IAMClient(emu.clientConfig), "carol");
    const dave = await userIn(new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId, secretAccessKey } }), "dave");
    const live = open("?requests=1");
    await live.until(() => live.events.some((e) => e.event === "health"));
    await assert.rejects(carol.send(new ListRolesCommand({})), { name: "AccessDenied" });
    await assert.rejects(dave.send(new ListRolesCommand({})), { name: "AccessDenied" });
    await live.until(() => ["carol", "dave"].every((name) => live.requests().some((r) => r.principal.endsWith(`:user/${name}`))));
    const before = live.events.length;
    // The reset's own `change` events come too; the rest is what the Requests view reads.
    const afterMark = () => live.events.slice(before).filter((e) => e.event !== "change");

    assert.equal((await emu.admin("reset", { method: "POST", body: JSON.stringify({ accountId: other }) })).status, 200);
    await live.until(() => afterMark().some((e) => e.event === "health"));
    const replay = afterMark();
    assert.equal(replay[0]!.event, "requests-replaced");
    const replayed = replay.filter((e) => e.event === "request").map((e) => (e.data as RequestEvent).principal);
    assert.ok(replayed.includes("arn:aws:iam::000000000000:user/carol"), JSON.stringify(replayed));
    assert.ok(!replayed.some((p) => p.includes(`::${other}:`)), `the reset account's requests are gone: ${JSON.stringify(replayed)}`);
    assert.equal(replay.at(-1)!.event, "health", "the replay ends with a health event, as on connecting");

    // The state file saved before carol and dave existed replaces everything: none of their requests is replayed,
    // whether or not the recorder had saved them yet.
    const mark = live.events.length;
    assert.equal((await emu.admin("state", { method: "POST", body: saved })).status, 200);
    await live.until(() => live.events.slice(mark).some((e) => e.event === "health"));
    const again = live.events.slice(mark).filter((e) => e.event !== "change");
    assert.equal(again[0]!.event, "requests-replaced");
    const principals = again.filter((e) => e.event === "request").map((e) => (e.data as RequestEvent).principal);
    assert.ok(!principals.some((p) => /user\/(carol|dave)$/.test(p)), JSON.stringify(principals));
    assert.ok(principals.every((p) => p === "arn:aws:iam::000000000000:user/alice"), JSON.stringify(principals));
    assert.equal(again.at(-1)!.event, "health");
  });

  it("forgets them on reset", async () => {
    await emu.admin("reset", { method: "POST" });
    const fresh = open("?requests=1");
    await fresh.until(() => fresh.events.some((e) => e.event === "health"));
    assert.deepEqual(fresh.requests(), []);
  });
});

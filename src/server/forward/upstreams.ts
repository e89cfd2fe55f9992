// The upstream emulators requests are forwarded to (--upstream URL, or SERVICE=URL for one service), and what
// is known of their health: each forwarded request reports how its upstream answered, and a probe checks
// every upstream at start-up and then every PROBE_INTERVAL_MS, so /_emulator/health and the status bar say
// when one is down before an app finds out.
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import type { UpstreamHealth } from "../../admin-api/health.js";
import { parseUpstream } from "../../config.js";

export type { UpstreamHealth } from "../../admin-api/health.js";

const PROBE_INTERVAL_MS = 10_000;
const PROBE_TIMEOUT_MS = 2_000;

export class Upstreams {
  private readonly byService = new Map<string, URL>();
  private readonly health = new Map<string, UpstreamHealth>();
  private readonly listeners = new Set<(health: readonly UpstreamHealth[]) => void>();
  private timer: NodeJS.Timeout | undefined;

  constructor(entries: readonly string[], private readonly now: () => Date) {
    for (const entry of entries) {
      const { service, origin } = parseUpstream(entry);
      const url = new URL(origin);
      this.byService.set(service, url);
      this.health.set(url.origin, { url: url.origin, services: [], state: "unknown", since: now().toISOString() });
    }
    for (const [service, url] of this.byService) {
      const h = this.health.get(url.origin)!;
      this.health.set(url.origin, { ...h, services: [...h.services, service] });
    }
  }

  get configured(): boolean { return this.byService.size > 0; }

  /** The upstream for a service's signing name (its own, else the default), or undefined when none is set. */
  urlFor(signingName: string | undefined): URL | undefined {
    return (signingName !== undefined ? this.byService.get(signingName) : undefined) ?? this.byService.get("*");
  }

  list(): UpstreamHealth[] { return [...this.health.values()]; }

  onChange(listener: (health: readonly UpstreamHealth[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How a call to `origin` went: a refused connection or a time-out marks it down, any answer up. */
  report(origin: string, error?: string): void {
    const before = this.health.get(origin);
    if (!before) return;
    const state = error === undefined ? "up" : "down";
    if (before.state === state && before.error === error) return;
    this.health.set(origin, { url: before.url, services: before.services, state, since: this.now().toISOString(), ...(error !== undefined && { error }) });
    const all = this.list();
    for (const listener of this.listeners) listener(all);
  }

  /** Probes every upstream now, then every PROBE_INTERVAL_MS until stop(). */
  start(): void {
    if (!this.configured || this.timer) return;
    void this.probeAll();
    this.timer = setInterval(() => { void this.probeAll(); }, PROBE_INTERVAL_MS).unref();
  }

  stop(): void { clearInterval(this.timer); this.timer = undefined; }

  async probeAll(): Promise<void> {
    await Promise.all([...this.health.keys()].map(async (origin) => this.report(origin, await probe(new URL(origin)))));
  }
}

/** Any HTTP answer means the upstream is up; undefined, or what went wrong. */
function probe(url: URL): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = (url.protocol === "https:" ? httpsRequest : request)(url, { method: "GET", timeout: PROBE_TIMEOUT_MS, headers: { connection: "close" } }, (res) => {
      res.resume();
      resolve(undefined);
    });
    req.on("timeout", () => { req.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)); });
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code === "ECONNREFUSED" ? `connection refused (${url.host})` : err.message));
    req.end();
  });
}

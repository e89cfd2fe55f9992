// Listens to GET /_emulator/events (server-sent events: one `change` per committed write, and the emulator's
// other events for whoever asks, such as a trigger waiting for a debugger) so the tree
// reloads within moments of any client's change, and costs nothing while nothing changes. When the
// stream drops (the emulator restarted, the machine slept) it reconnects with a growing delay, and a
// fresh connection reports `connected` so the listener reloads what it may have missed.
import { get, type ClientRequest, type IncomingMessage } from "node:http";
import type { StorageHealth, UpstreamHealth } from "../../admin-api/health.js";
import type { RequestEvent } from "../../admin-api/request-events.js";

export interface ChangeEventsOptions {
  endpoint: string;
  onChange(tables: readonly string[]): void;
  /** Each request the request recorder files (GET /_emulator/events?requests=1): the recent ones first, then live. */
  onRequest?(event: RequestEvent): void;
  /** Whether the emulator's disk accepts writes: sent first on every connection, then on each change. */
  onHealth?(health: StorageHealth): void;
  /** Any other event the stream carries (e.g. `lambda-debug`), with its data. */
  onEvent?(event: string, data: string): void;
  /** With --upstream: the upstreams' health, first on connecting, then whenever one goes up or down. */
  onUpstreams?(upstreams: readonly UpstreamHealth[]): void;
  /** Every (re)connection; missed changes are unknown, so the caller reloads. */
  onConnected?(): void;
  onError?(message: string): void;
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/** The delay before reconnection attempt `attempt` (0-based): doubling, capped. */
export function retryDelay(attempt: number, firstMs = 250, maxMs = 5000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 20));
}

/** Parses a server-sent event stream incrementally; calls back with each complete event. */
export class EventStreamParser {
  private buffer = "";
  private event = "message";
  private data: string[] = [];
  constructor(private readonly onEvent: (event: string, data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      if (line === "") {
        if (this.data.length) this.onEvent(this.event, this.data.join("\n"));
        this.event = "message";
        this.data = [];
      } else if (line.startsWith(":")) {
        continue; // a comment: keep-alive
      } else {
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") this.event = value;
        else if (field === "data") this.data.push(value);
      }
    }
  }
}

export class ChangeEvents {
  private request: ClientRequest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private disposed = false;

  constructor(private readonly options: ChangeEventsOptions) {
    this.connect();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.request?.destroy();
    this.request = undefined;
  }

  private connect(): void {
    if (this.disposed) return;
    const parser = new EventStreamParser((event, data) => {
      if (event === "health") {
        try { this.options.onHealth?.(JSON.parse(data) as StorageHealth); } catch { /* not ours to fail on */ }
        return;
      }
      if (event === "request") {
        try { this.options.onRequest?.(JSON.parse(data) as RequestEvent); } catch { /* not ours to fail on */ }
        return;
      }
      if (event === "upstreams") {
        try { this.options.onUpstreams?.(JSON.parse(data) as UpstreamHealth[]); } catch { /* not ours to fail on */ }
        return;
      }
      if (event !== "change") { this.options.onEvent?.(event, data); return; }
      let tables: string[] = [];
      try { tables = (JSON.parse(data) as { tables?: string[] }).tables ?? []; } catch { /* still a change */ }
      this.options.onChange(tables);
    });
    const request = get(`${this.options.endpoint}/_emulator/events${this.options.onRequest ? "?requests=1" : ""}`, { headers: { accept: "text/event-stream" } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) {
        res.resume();
        this.retry(`GET /_emulator/events answered ${res.statusCode}`);
        return;
      }
      this.attempt = 0;
      this.options.onConnected?.();
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => parser.push(chunk));
      res.on("end", () => this.retry("the emulator closed the event stream"));
      res.on("error", (err) => this.retry(err.message));
    });
    request.on("error", (err) => this.retry(err.message));
    this.request = request;
  }

  private retry(why: string): void {
    if (this.disposed || this.timer) return;
    this.request?.destroy();
    this.request = undefined;
    const delay = retryDelay(this.attempt++, this.options.firstRetryMs, this.options.maxRetryMs);
    this.options.onError?.(`Change events: ${why}; reconnecting in ${delay} ms.`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, delay);
  }
}

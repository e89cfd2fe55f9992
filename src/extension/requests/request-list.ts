// The Requests view as data: the requests the emulator answered, newest first and bounded, filtered by
// principal, each as a row a person reads at a glance; and the rate limit on denial notifications.
// No `vscode` import.
import type { RequestEvent } from "../../admin-api/request-events.js";

export const REQUESTS_KEPT = 500;

export interface RequestRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Markdown. */
  readonly tooltip: string;
  readonly icon: "pass" | "error" | "warning";
  readonly iconColor: string;
  /** Matched by the view's `viewItem` clauses: "request.denied", "request.failed", "request.ok". */
  readonly contextValue: string;
  readonly event: RequestEvent;
}

/** "arn:aws:iam::1:user/team/alice" → "alice", "arn:aws:sts::1:assumed-role/app/s" → "app/s", root → "root". */
export function shortPrincipal(arn: string | undefined): string {
  if (!arn) return "unknown caller";
  if (/:root$/.test(arn)) return "root";
  const resource = arn.split(":").slice(5).join(":");
  const session = /^assumed-role\/([^/]+)\/(.+)$/.exec(resource);
  if (session) return `${session[1]}/${session[2]}`;
  return resource.slice(resource.lastIndexOf("/") + 1) || arn;
}

/** True when the answer was a policy denial (enforce mode, or AWS's own refusals such as root assuming a role). */
export function isDenial(e: RequestEvent): boolean {
  return (e.decision !== undefined && e.decision.decision !== "allowed") || e.errorCode === "AccessDenied" || e.errorCode === "AccessDeniedException";
}

/** "12:03:04" in UTC, as the emulator's clock says. */
function clockTime(iso: string): string {
  return /T(\d\d:\d\d:\d\d)/.exec(iso)?.[1] ?? iso;
}

export function requestRow(e: RequestEvent): RequestRow {
  const denied = isDenial(e);
  const failed = !denied && e.status >= 400;
  const outcome = denied ? "denied" : failed ? e.errorCode ?? String(e.status) : String(e.status);
  const d = e.decision;
  const rows: [string, string | undefined][] = [
    ["Time", e.time], ["Principal", e.principal], ["Access key", e.accessKeyId], ["Source IP", e.sourceIp],
    ["Status", `${e.status}${e.errorCode ? ` ${e.errorCode}` : ""}`], ["Request id", e.requestId],
    ["Decision", d ? `${d.decision}: ${d.action} on ${d.resource}` : undefined],
  ];
  const tooltip = [`**${e.service}:${e.operation}** — ${outcome}`, "",
    ...rows.filter(([, v]) => v).map(([k, v]) => `${k}: \`${v}\`  `),
    ...(e.errorMessage ? ["", e.errorMessage] : []),
    "", d || denied ? "Click for the explanation." : "Click to simulate it as this principal."].join("\n");
  return {
    id: `request/${e.seq}/${e.requestId}`,
    label: `${e.service}:${e.operation}`,
    description: `${shortPrincipal(e.principal)} · ${outcome} · ${clockTime(e.time)}`,
    tooltip,
    icon: denied ? "error" : failed ? "warning" : "pass",
    iconColor: denied ? "testing.iconFailed" : failed ? "list.warningForeground" : "testing.iconPassed",
    contextValue: denied ? "request.denied" : failed ? "request.failed" : "request.ok",
    event: e,
  };
}

export class RequestList {
  private events: RequestEvent[] = [];
  /** Show only this principal's requests (an ARN), or all. */
  filter: string | undefined;

  add(e: RequestEvent): void {
    if (this.events.some((x) => x.seq === e.seq && x.requestId === e.requestId)) return;
    this.events.unshift(e);
    if (this.events.length > REQUESTS_KEPT) this.events.length = REQUESTS_KEPT;
  }

  clear(): void {
    this.events = [];
  }

  /** Newest first, filtered. */
  rows(): RequestRow[] {
    return this.events.filter((e) => !this.filter || e.principal === this.filter).map(requestRow);
  }

  /** The principals seen, with how many requests and denials each made. */
  principals(): { arn: string; requests: number; denied: number }[] {
    const by = new Map<string, { arn: string; requests: number; denied: number }>();
    for (const e of this.events) {
      if (!e.principal) continue;
      const p = by.get(e.principal) ?? { arn: e.principal, requests: 0, denied: 0 };
      p.requests++;
      if (isDenial(e)) p.denied++;
      by.set(e.principal, p);
    }
    return [...by.values()];
  }
}

/**
 * At most one denial notification per interval: the first denial shows at once, the ones within the interval
 * are counted and the next shown one says how many there were.
 */
export class DenialThrottle {
  private last = Number.NEGATIVE_INFINITY;
  private held = 0;
  constructor(private readonly intervalMs: () => number, private readonly now: () => number = Date.now) {}

  /** Whether to show a notification for this denial, and how many were held back before it. */
  offer(): { show: true; heldBack: number } | { show: false } {
    const t = this.now();
    if (t - this.last < this.intervalMs()) {
      this.held++;
      return { show: false };
    }
    this.last = t;
    const heldBack = this.held;
    this.held = 0;
    return { show: true, heldBack };
  }
}

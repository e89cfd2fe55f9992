// The Requests view as data: the requests the emulator's request recorder filed, newest first and bounded,
// filtered by user or role, each as a row a person reads at a glance; and the rate limit on denial notifications.
// No `vscode` import.
import type { RequestEvent } from "../../admin-api/request-events.js";

export const REQUESTS_KEPT = 500;

export interface RequestRow {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** Markdown. */
  readonly tooltip: string;
  readonly icon: "pass" | "error" | "circle-outline";
  readonly iconColor: string;
  /** Matched by the view's `viewItem` clauses: "request.denied", "request.ok". */
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

/** True when the policies denied it (only enforce mode denies). */
export function isDenial(e: RequestEvent): boolean {
  return e.decision !== "allowed";
}

/** "12:03:04" in UTC, as the emulator's clock says. */
function clockTime(iso: string): string {
  return /T(\d\d:\d\d:\d\d)/.exec(iso)?.[1] ?? iso;
}

/** The decision in a word: a request no policy decided (modes none and authenticate) was not checked. */
function outcomeOf(e: RequestEvent): string {
  if (e.decision === "explicitDeny") return "explicitly denied";
  if (e.decision === "implicitDeny") return "denied";
  return e.decisionId === undefined ? "not checked" : "allowed";
}

export function requestRow(e: RequestEvent): RequestRow {
  const denied = isDenial(e);
  const outcome = outcomeOf(e);
  const resource = e.resources.length ? e.resources.join(", ") : "*";
  const rows: [string, string | undefined][] = [
    ["Time", e.time], ["Principal", e.principal], ["Action", e.action], ["Resource", resource], ["Region", e.region],
    ["Request id", e.requestId], ["Decision", e.decision],
  ];
  const tooltip = [`**${e.action}** — ${outcome}`, "",
    ...rows.filter(([, v]) => v).map(([k, v]) => `${k}: \`${v}\`  `),
    "", e.decisionId !== undefined ? "Click for the explanation." : "No policy decided it (the mode does not enforce): click to simulate it as this principal."].join("\n");
  return {
    id: `request/${e.seq}`,
    label: e.action,
    description: `${shortPrincipal(e.principal)} · ${outcome} · ${clockTime(e.time)}`,
    tooltip,
    icon: denied ? "error" : e.decisionId === undefined ? "circle-outline" : "pass",
    iconColor: denied ? "testing.iconFailed" : e.decisionId === undefined ? "descriptionForeground" : "testing.iconPassed",
    contextValue: denied ? "request.denied" : "request.ok",
    event: e,
  };
}

export class RequestList {
  private events: RequestEvent[] = [];
  /** Show only this identity's requests (a user's or role's ARN: a role's sessions with it), or all. */
  filter: string | undefined;

  add(e: RequestEvent): void {
    if (this.events.some((x) => x.seq === e.seq)) return;
    this.events.unshift(e);
    if (this.events.length > REQUESTS_KEPT) this.events.length = REQUESTS_KEPT;
  }

  clear(): void {
    this.events = [];
  }

  /** Newest first, filtered. */
  rows(): RequestRow[] {
    return this.events.filter((e) => !this.filter || e.identity === this.filter).map(requestRow);
  }

  /** The users and roles seen (a role's sessions counted with it), with how many requests and denials each made. */
  principals(): { arn: string; requests: number; denied: number }[] {
    const by = new Map<string, { arn: string; requests: number; denied: number }>();
    for (const e of this.events) {
      const p = by.get(e.identity) ?? { arn: e.identity, requests: 0, denied: 0 };
      p.requests++;
      if (isDenial(e)) p.denied++;
      by.set(e.identity, p);
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

// The `request` server-sent events of GET /_emulator/events?requests=1: each request the request recorder
// (auth/request-log.ts) files, as it is filed, for the extension's live Requests view (types only).
import type { RequestRecord } from "./requests.js";

export interface RequestEvent extends RequestRecord {
  /** Enforce mode: the decision made for the request, with its explanation at GET /_emulator/decisions?id=N. */
  readonly decisionId?: number;
}

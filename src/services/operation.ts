// What every operation handler receives and returns: typed input in, typed output out, no HTTP.
import type { EmulatorConfig } from "../config.js";
import type { ServiceId } from "../protocol/model.js";
import type { AccountStore } from "../store/store.js";
import type { Caller } from "../auth/caller.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { Outbound } from "../outbound/outbound.js";

export interface OperationContext<I> {
  readonly input: I;
  readonly caller: Caller;
  /** The caller's account (Cognito: and region), bound to this request's transaction. */
  readonly store: AccountStore;
  readonly clock: Clock;
  readonly config: EmulatorConfig;
  readonly log: Logger;
  readonly requestId: string;
  /** How the client reached us, e.g. "http://localhost:4566": issuers and URLs are built from it. */
  readonly origin: string;
  readonly region: string;
  /** The only way a handler calls out (JWKS, triggers, identity providers): allow-listed, with timeouts. */
  readonly outbound: Outbound;
}

export type Operation<I = any, O = any> = (ctx: OperationContext<I>) => O | Promise<O>;

/** An emulated service: its model id and the operations it implements (the rest answer NotImplemented). */
export interface ServiceHandlers {
  readonly id: ServiceId;
  readonly operations: Readonly<Record<string, Operation>>;
  /** Cognito: plain HTTP GET routes such as /<poolId>/.well-known/jwks.json. */
  readonly routes?: readonly HttpRoute[];
}

export interface HttpRoute {
  readonly method: "GET";
  readonly pattern: RegExp;
  readonly handle: (match: RegExpMatchArray, ctx: { store: AccountStore; origin: string; clock: Clock }) => { status: number; contentType: string; body: string } | undefined;
}

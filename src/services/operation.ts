// What every operation handler receives and returns: typed input in, typed output out, no HTTP.
import type { EmulatorConfig } from "../config.js";
import type { ServiceId } from "../protocol/model.js";
import type { AccountStore } from "../store/store.js";
import type { Caller } from "../auth/caller.js";
import type { Clock } from "../clock.js";
import type { Logger } from "../log.js";
import type { LambdaInvoker } from "../lambda/invoker.js";
import type { Outbound } from "../outbound/outbound.js";
import type { RequestLogReader } from "../auth/request-log.js";

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
  /** The request recorder's records (Access Analyzer policy generation); absent where no log runs (seeding). */
  readonly requests?: RequestLogReader;
  /** Runs Lambda functions (Cognito triggers): a local handler file or the Lambda Invoke API. */
  readonly lambda: LambdaInvoker;
  /**
   * Work for once the request's changes are durable, before it is answered (a post confirmation trigger):
   * its error becomes the answer and the changes stay, as AWS reports a failure that comes after the fact.
   * A request run again after a conflict keeps only its last run's.
   */
  readonly afterCommit: (work: () => Promise<void>) => void;
}

export type Operation<I = any, O = any> = (ctx: OperationContext<I>) => O | Promise<O>;

/** An emulated service: its model id and the operations it implements (the rest answer NotImplemented). */
export interface ServiceHandlers {
  readonly id: ServiceId;
  readonly operations: Readonly<Record<string, Operation>>;
  /** Plain HTTP surfaces beside the AWS API (Cognito: JWKS, discovery, the OAuth 2.0 server and its pages). */
  readonly routes?: readonly HttpRoute[];
}

/** A plain HTTP request as the transport hands it to a route: parsed, never a socket. */
export interface HttpRequest {
  readonly method: string;
  /** The path, percent-decoding left to the route. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased names, as node:http gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  /** The body as an application/x-www-form-urlencoded form (empty for any other content type). */
  readonly form: URLSearchParams;
  readonly cookies: Readonly<Record<string, string>>;
  readonly sourceIp: string;
}

/** What a route answers; `headers` may carry several values (Set-Cookie). */
export interface HttpAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Buffer;
}

/** What a route may use: the store bound to this request's transaction (committed when the route answers
 * without throwing), and the same clock, origin, log and outbound client handlers get. */
/**
 * What a route runs with: an operation's context, except that work after the commit may also answer in the
 * route's place (the managed login's page with a post authentication trigger's error).
 */
export type HttpRouteContext = Omit<OperationContext<unknown>, "input" | "caller" | "afterCommit"> & {
  readonly afterCommit: (work: () => Promise<void | HttpAnswer>) => void;
};

export interface HttpRoute {
  readonly methods: readonly string[];
  readonly pattern: RegExp;
  /** undefined: not mine after all (e.g. an unknown pool id), so the request goes on to the AWS gateway. */
  readonly handle: (match: RegExpMatchArray, req: HttpRequest, ctx: HttpRouteContext) => HttpAnswer | undefined | Promise<HttpAnswer | undefined>;
}

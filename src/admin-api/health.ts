// What GET /_emulator/health and the `health` server-sent event say about the data folder (types only).

/** "degraded" while the disk refuses writes (full, read-only, failing): reads work, writes answer 503. */
export type StorageHealth =
  | { readonly state: "ok" }
  | { readonly state: "degraded"; readonly reason: string; readonly code: string };

/** An upstream emulator the forwarder sends other services' requests to (--upstream), as last seen. */
export interface UpstreamHealth {
  readonly url: string;
  /** The signing names it serves; "*" for every service without an upstream of its own. */
  readonly services: readonly string[];
  /** "unknown" until the first probe or request; "down" when it refused a connection or did not answer. */
  readonly state: "unknown" | "up" | "down";
  /** When it entered this state (ISO 8601). */
  readonly since: string;
  readonly error?: string;
}

// What GET /_emulator/health and the `health` server-sent event say about the data folder (types only).

/** "degraded" while the disk refuses writes (full, read-only, failing): reads work, writes answer 503. */
export type StorageHealth =
  | { readonly state: "ok" }
  | { readonly state: "degraded"; readonly reason: string; readonly code: string };

// How the client reached the emulator, e.g. "http://localhost:4566": the one place every issuer, OAuth URL
// and redirect starts from, so a token's `iss` and a login page's links name the address the client used.
import type { IncomingHttpHeaders } from "node:http";

// A host name or IP literal with an optional port; anything else (a path, markup) never reaches a URL.
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function requestOrigin(headers: IncomingHttpHeaders): string {
  const host = headers.host;
  return `http://${host && HOST.test(host) ? host : "localhost"}`;
}

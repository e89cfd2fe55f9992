// Errors of forwarded requests in the service's own format: S3's XML <Error>, JSON 1.0/1.1's __type,
// REST-JSON's x-amzn-ErrorType, Query's <ErrorResponse>. A handler never builds these: the forwarder is
// the plain-HTTP surface of other services, so it speaks their formats itself.
import type { ErrorFormat } from "../../auth/request-mapping/index.js";
import type { WireResponse } from "../../protocol/wire.js";

export interface ForwardError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const xml = (s: string): string => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

/**
 * `format`: the service's; undefined for a service the emulator has no mapping of (then the request's own
 * shape decides: JSON when it carries X-Amz-Target, else Query's XML). `queryCompatible`: SQS's JSON protocol
 * also names the Query error code in x-amzn-query-error, which its SDKs read.
 */
export function forwardErrorResponse(format: ErrorFormat | undefined, error: ForwardError, requestId: string, queryCompatible = false): WireResponse {
  const headers: Record<string, string> = { ...error.headers, "x-amzn-requestid": requestId };
  switch (format) {
    case "s3-xml":
      return {
        status: error.status, headers: { ...headers, "content-type": "application/xml", "x-amz-request-id": requestId },
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xml(error.code)}</Code><Message>${xml(error.message)}</Message>` +
          `<RequestId>${xml(requestId)}</RequestId><HostId>${xml(requestId)}</HostId></Error>`,
      };
    case "json-1.0":
    case "json-1.1":
      return {
        status: error.status,
        headers: {
          ...headers, "content-type": `application/x-amz-json-${format === "json-1.0" ? "1.0" : "1.1"}`, "x-amzn-errortype": error.code,
          ...(queryCompatible && { "x-amzn-query-error": `${error.code};${error.status >= 500 ? "Receiver" : "Sender"}` }),
        },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
    case "rest-json":
      return {
        status: error.status, headers: { ...headers, "content-type": "application/json", "x-amzn-errortype": error.code },
        body: JSON.stringify({ Type: error.status >= 500 ? "Service" : "User", message: error.message }),
      };
    default:
      return {
        status: error.status, headers: { ...headers, "content-type": "text/xml" },
        body: `<?xml version="1.0"?>\n<ErrorResponse><Error><Type>${error.status >= 500 ? "Receiver" : "Sender"}</Type><Code>${xml(error.code)}</Code>` +
          `<Message>${xml(error.message)}</Message></Error><RequestId>${xml(requestId)}</RequestId></ErrorResponse>`,
      };
  }
}

/** The upstream refused the connection or broke it: 502, saying which upstream and what to do. */
export function badGateway(upstream: string, reason: string): ForwardError {
  return { code: "BadGateway", status: 502, message: `The upstream ${upstream} did not answer: ${reason}. Start it (or fix --upstream) and try again.` };
}

/** The upstream accepted the connection but sent no answer in time: 504. */
export function gatewayTimeout(upstream: string, seconds: number): ForwardError {
  return { code: "GatewayTimeout", status: 504, message: `The upstream ${upstream} sent no answer within ${seconds} s (--upstream-timeout).` };
}

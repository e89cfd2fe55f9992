// AWS errors as facts (code, message, status); protocol codecs turn them into bytes.
import { MODELS, type ServiceId } from "./model.js";

export type Fault = "Sender" | "Receiver";

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fault: Fault = status >= 500 ? "Receiver" : "Sender",
    /** Response headers the error carries beyond the protocol's own (e.g. the encoded authorization message). */
    readonly extra?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = "AwsError";
  }

  /** The service whose wire format (XML namespace) the error is written in, once known. */
  service?: ServiceId;

  /** Members of the error shape beyond the message (restJson1: ValidationException's `reason`). */
  fields?: Readonly<Record<string, unknown>>;

  withFields(fields: Readonly<Record<string, unknown>>): this {
    this.fields = { ...this.fields, ...fields };
    return this;
  }
}

/** Tags `err` with the service it belongs to, so the codec writes the right namespace. */
export function inService(err: unknown, service: ServiceId): unknown {
  if (err instanceof AwsError && !err.service) err.service = service;
  return err;
}

// Errors every AWS service answers that no single model lists (the common errors of the API references).
const COMMON: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  AccessDeniedException: 400,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidParameterCombination: 400,
  InvalidParameterValue: 400,
  InvalidQueryParameter: 400,
  MalformedQueryString: 404,
  MissingAction: 400,
  MissingAuthenticationToken: 403,
  MissingParameter: 400,
  NotAuthorized: 400,
  NotImplemented: 501,
  OptInRequired: 403,
  RequestExpired: 400,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 403,
  ThrottlingException: 400,
  ValidationError: 400,
  ExpiredToken: 403,
  UnrecognizedClientException: 400,
  UnknownOperationException: 400,
  SerializationException: 400,
  RequestEntityTooLarge: 413,
};

/** An error of `service`, its HTTP status read from the model's error shape (or the common table). */
export function awsError(service: ServiceId | undefined, code: string, message: string): AwsError {
  const shape = service ? MODELS[service].errorsByCode.get(code) : undefined;
  if (shape) {
    const status = shape.error?.httpStatusCode ?? (shape.fault ? 500 : 400);
    const fault: Fault = shape.fault || shape.error?.senderFault === false ? "Receiver" : "Sender";
    return new AwsError(code, message, status, fault);
  }
  return new AwsError(code, message, COMMON[code] ?? 400);
}

export function notImplemented(service: ServiceId, operation: string): AwsError {
  return new AwsError("NotImplemented",
    `${operation} is not implemented by AWS Identity Emulator for ${service}; see the coverage table in the README.`, 501);
}

export function internalFailure(): AwsError {
  return new AwsError("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500);
}

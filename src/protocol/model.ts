// The vendored botocore models, typed just enough for the protocol layer to walk them. Each is read
// and parsed on first use (JSON.parse of a file is far cheaper than evaluating a bundled literal), so
// start-up pays for none of them.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type ServiceId = "iam" | "sts" | "cognito-idp" | "cognito-identity" | "access-analyzer";
export const SERVICE_IDS: readonly ServiceId[] = ["iam", "sts", "cognito-idp", "cognito-identity", "access-analyzer"];
export type ProtocolName = "query" | "json" | "rest-json";

export interface MemberRef {
  readonly shape: string;
  readonly locationName?: string;
  readonly flattened?: boolean;
  readonly deprecated?: boolean;
  /** restJson1: where the member travels ("uri", "querystring", "header"); absent = the JSON body. */
  readonly location?: "uri" | "querystring" | "header" | "headers" | "statusCode";
}

export interface Shape {
  readonly type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "timestamp" | "blob" | "double" | "float";
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly flattened?: boolean;
  readonly sensitive?: boolean;
  /** Overrides the protocol's default timestamp format ("iso8601", "epoch-seconds", "rfc822"). */
  readonly timestampFormat?: "iso8601" | "epoch-seconds" | "rfc822";
  readonly document?: boolean;
  readonly exception?: boolean;
  readonly fault?: boolean;
  readonly error?: { readonly code: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
}

export interface OperationModel {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: { readonly shape: string };
  readonly output?: { readonly shape: string; readonly resultWrapper?: string };
  readonly errors?: readonly { readonly shape: string }[];
  readonly authtype?: string;
}

export interface ServiceModel {
  readonly id: ServiceId;
  readonly metadata: {
    readonly apiVersion: string;
    readonly endpointPrefix: string;
    readonly protocol: ProtocolName;
    readonly xmlNamespace?: string;
    readonly targetPrefix?: string;
    readonly jsonVersion?: string;
    readonly serviceId: string;
  };
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, Shape>>;
  /** Error code (wire) → the error shape, for status and fault lookup. */
  readonly errorsByCode: ReadonlyMap<string, Shape>;
}

function index(id: ServiceId, raw: unknown): ServiceModel {
  const model = raw as Omit<ServiceModel, "id" | "errorsByCode">;
  const errorsByCode = new Map<string, Shape>();
  for (const [name, shape] of Object.entries(model.shapes)) {
    if (!shape.exception) continue;
    errorsByCode.set(shape.error?.code ?? name, shape);
  }
  return { ...model, id, errorsByCode };
}

/** The models' folder: src/protocol/models when run from source, dist/models in the bundle. */
const MODELS_DIR = [join(__dirname, "models"), join(__dirname, "..", "src", "protocol", "models")];

const loaded = new Map<ServiceId, ServiceModel>();

function load(id: ServiceId): ServiceModel {
  let model = loaded.get(id);
  if (!model) {
    let text: string | undefined;
    for (const dir of MODELS_DIR) {
      try { text = readFileSync(join(dir, `${id}.json`), "utf8"); break; } catch { /* try the next place */ }
    }
    if (text === undefined) throw new Error(`The ${id} service model is missing from ${MODELS_DIR.join(" and ")}.`);
    model = index(id, JSON.parse(text));
    loaded.set(id, model);
  }
  return model;
}

export const MODELS: Readonly<Record<ServiceId, ServiceModel>> = {
  get iam() { return load("iam"); },
  get sts() { return load("sts"); },
  get "cognito-idp"() { return load("cognito-idp"); },
  get "cognito-identity"() { return load("cognito-identity"); },
  get "access-analyzer"() { return load("access-analyzer"); },
};

/** What routing needs before any model is loaded; a unit test keeps it equal to the models. `global`: one
 * endpoint for the partition, signed for its one region (IAM), as the model's globalEndpoint says; STS has a
 * global endpoint too but is also served, and signed, per region. */
export const SERVICE_METADATA: Readonly<Record<ServiceId, { apiVersion: string; protocol: ProtocolName; targetPrefix?: string; global?: true }>> = {
  iam: { apiVersion: "2010-05-08", protocol: "query", global: true },
  sts: { apiVersion: "2011-06-15", protocol: "query" },
  "cognito-idp": { apiVersion: "2016-04-18", protocol: "json", targetPrefix: "AWSCognitoIdentityProviderService" },
  "cognito-identity": { apiVersion: "2014-06-30", protocol: "json", targetPrefix: "AWSCognitoIdentityService" },
  "access-analyzer": { apiVersion: "2019-11-01", protocol: "rest-json" },
};

/** The operation a client names, if the model has it: `__proto__` or `constructor` name none. */
export function operationNamed(model: ServiceModel, name: string): OperationModel | undefined {
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

/** True for operations the model marks as callable without SigV4 (Cognito's user APIs, STS federation). */
export function isUnsignedOperation(op: OperationModel): boolean {
  return op.authtype === "none";
}

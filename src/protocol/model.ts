// The vendored botocore models, typed just enough for the protocol layer to walk them.
import iamModel from "./models/iam.json";
import stsModel from "./models/sts.json";
import cognitoModel from "./models/cognito-idp.json";

export type ServiceId = "iam" | "sts" | "cognito-idp";
export const SERVICE_IDS: readonly ServiceId[] = ["iam", "sts", "cognito-idp"];

export interface MemberRef {
  readonly shape: string;
  readonly locationName?: string;
  readonly flattened?: boolean;
  readonly deprecated?: boolean;
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
  readonly document?: boolean;
  readonly exception?: boolean;
  readonly fault?: boolean;
  readonly error?: { readonly code: string; readonly httpStatusCode?: number; readonly senderFault?: boolean };
}

export interface OperationModel {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string };
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
    readonly protocol: "query" | "json";
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

export const MODELS: Readonly<Record<ServiceId, ServiceModel>> = {
  iam: index("iam", iamModel),
  sts: index("sts", stsModel),
  "cognito-idp": index("cognito-idp", cognitoModel),
};

/** True for operations the model marks as callable without SigV4 (Cognito's user APIs, STS federation). */
export function isUnsignedOperation(op: OperationModel): boolean {
  return op.authtype === "none";
}

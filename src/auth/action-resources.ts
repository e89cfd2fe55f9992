// Which IAM action and resource ARN(s) an operation is authorized as, from AWS's service authorization
// data (action-catalog.json, built by scripts/build-action-catalog.mjs) — not typed by hand per operation.
import catalog from "./action-catalog.json";
import type { ServiceId } from "../protocol/model.js";
import type { AccountStore } from "../store/store.js";
import type { Caller } from "./caller.js";

export interface CatalogAction { resourceTypes: { name: string; required: boolean }[]; conditionKeys: string[] }
export interface CatalogService { actions: Record<string, CatalogAction>; resourceTypes: Record<string, string> }
const services = catalog.services as unknown as Record<string, CatalogService | undefined>;

/** A service's actions and ARN templates in AWS's service authorization data, by its IAM prefix ("s3", "iam"). */
export const catalogService = (prefix: string): CatalogService | undefined => services[prefix];

export interface ActionTarget {
  /** e.g. "iam:CreateUser" */
  readonly action: string;
  /** The resource ARN the request acts on, or "*" for actions without a resource type (ListUsers). */
  readonly resource: string;
  readonly conditionKeys: readonly string[];
}

type Input = Readonly<Record<string, unknown>>;

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** An IAM entity's ARN from the store (its path is part of it), else built with the path given or "/". */
function iamArn(store: AccountStore, table: string, kind: string, name: string | undefined, path?: unknown): string | undefined {
  if (!name) return undefined;
  const row = store.collection<{ Arn?: string }>("iam", table).get(name.toLowerCase());
  return row?.Arn ?? `arn:${store.partition}:iam::${store.accountId}:${kind}${str(path) ?? "/"}${name}`;
}

/** How each resource type's ARN is found in an operation's input. */
const RESOURCE_OF: Record<string, (input: Input, caller: Caller, store: AccountStore) => string | undefined> = {
  user: (input, caller, store) => iamArn(store, "users", "user", str(input.UserName) ?? (caller.type === "user" ? caller.name : undefined), input.Path),
  group: (input, _c, store) => iamArn(store, "groups", "group", str(input.GroupName), input.Path),
  role: (input, _c, store) => str(input.RoleArn) ?? iamArn(store, "roles", "role", str(input.RoleName), input.Path),
  "instance-profile": (input, _c, store) => iamArn(store, "instanceProfiles", "instance-profile", str(input.InstanceProfileName), input.Path),
  policy: (input, _c, store) => str(input.PolicyArn)
    ?? (str(input.PolicyName) && `arn:${store.partition}:iam::${store.accountId}:policy${str(input.Path) ?? "/"}${str(input.PolicyName)}`),
  "oidc-provider": (input, _c, store) => str(input.OpenIDConnectProviderArn)
    ?? (str(input.Url) && `arn:${store.partition}:iam::${store.accountId}:oidc-provider/${str(input.Url)!.replace(/^https?:\/\//, "")}`),
  "saml-provider": (input, _c, store) => str(input.SAMLProviderArn) ?? (str(input.Name) && `arn:${store.partition}:iam::${store.accountId}:saml-provider/${str(input.Name)}`),
  mfa: (input, _c, store) => str(input.SerialNumber)
    ?? (str(input.VirtualMFADeviceName) && `arn:${store.partition}:iam::${store.accountId}:mfa${str(input.Path) ?? "/"}${str(input.VirtualMFADeviceName)}`),
  "server-certificate": (input, _c, store) => str(input.ServerCertificateName) && `arn:${store.partition}:iam::${store.accountId}:server-certificate/${str(input.ServerCertificateName)}`,
  "federated-user": (input, _c, store) => str(input.Name) && `arn:${store.partition}:sts::${store.accountId}:federated-user/${str(input.Name)}`,
  userpool: (input, _c, store) => str(input.UserPoolId) && `arn:${store.partition}:cognito-idp:${store.region}:${store.accountId}:userpool/${str(input.UserPoolId)}`,
  identitypool: (input, _c, store) => str(input.ResourceArn)
    ?? (str(input.IdentityPoolId) && `arn:${store.partition}:cognito-identity:${store.region}:${store.accountId}:identitypool/${str(input.IdentityPoolId)}`),
};

/** The action and resource for `operation` of `service` called with `input`; cached per operation. */
export function actionTarget(service: ServiceId, operation: string, input: Input, caller: Caller, store: AccountStore): ActionTarget {
  const action = `${service}:${operation}`;
  const entry = services[service]?.actions[operation];
  if (!entry) return { action, resource: "*", conditionKeys: [] };
  for (const type of entry.resourceTypes) {
    const arn = RESOURCE_OF[type.name]?.(input, caller, store);
    if (arn) return { action, resource: arn, conditionKeys: entry.conditionKeys };
  }
  return { action, resource: "*", conditionKeys: entry.conditionKeys };
}

/** True when AWS's data lists the operation as an action (every emulated operation should be). */
export function isCatalogued(service: ServiceId, operation: string): boolean {
  return Boolean(services[service]?.actions[operation]);
}

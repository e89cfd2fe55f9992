// Pre token generation: the claims, groups and scopes a function may add, change or suppress before
// Cognito signs the tokens. Version 1 events shape the ID token (and groups in both); versions 2 and 3
// shape both tokens and the access token's scopes; version 3 also shapes machine-to-machine access tokens
// (client_credentials). Claims Cognito owns cannot be touched.
import type { PoolRecord, UserRecord } from "../records.js";
import { eventAttributes, eventVersion, invalidLambdaResponse, isObject, metadata, runTrigger, type TriggerContext, type TriggerSource } from "./run-trigger.js";

export type TokenSource = Extract<TriggerSource, `TokenGeneration_${string}`>;

export interface GroupConfiguration {
  readonly groupsToOverride: readonly string[];
  readonly iamRolesToOverride: readonly string[];
  readonly preferredRole: string | null;
}

export interface ClaimChanges { readonly add: Readonly<Record<string, unknown>>; readonly suppress: readonly string[] }

export interface TokenCustomization {
  readonly id: ClaimChanges;
  readonly access: ClaimChanges & { readonly scopesToAdd: readonly string[]; readonly scopesToSuppress: readonly string[] };
  /** Present when the function overrode groups: the claims cognito:groups, cognito:roles and cognito:preferred_role follow it. */
  readonly groups?: { readonly groups: readonly string[]; readonly roles: readonly string[]; readonly preferredRole?: string };
}

// Claims Cognito sets and no trigger may add, change or suppress (Developer Guide, pre token generation).
const RESERVED = new Set(["acr", "amr", "at_hash", "aud", "auth_time", "azp", "c_hash", "client_id", "cognito:username", "device_key", "event_id", "exp",
  "iat", "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "scope", "sub", "token_use", "version"]);
const EDITABLE_COGNITO = new Set(["cognito:groups", "cognito:roles", "cognito:preferred_role"]);
// In the ID token these keep their simple types.
const SIMPLE_IN_ID = new Set(["phone_number_verified", "email_verified", "updated_at", "address"]);

export interface TokenInput {
  readonly user: UserRecord;
  readonly clientId: string;
  readonly groupConfiguration: GroupConfiguration;
  /** The access token's scopes before the trigger. */
  readonly scopes: readonly string[];
  readonly clientMetadata?: Readonly<Record<string, string>>;
}

/** What the function changes, or undefined when the pool has no pre token generation trigger. */
export async function preTokenGeneration(ctx: TriggerContext, pool: PoolRecord, source: TokenSource, input: TokenInput): Promise<TokenCustomization | undefined> {
  const v1 = eventVersion(pool, "PreTokenGeneration") === "1";
  const response = await runTrigger(ctx, pool, source, {
    userName: input.user.Username, clientId: input.clientId,
    request: {
      userAttributes: eventAttributes(input.user),
      groupConfiguration: input.groupConfiguration,
      ...(!v1 && { scopes: [...input.scopes] }),
      ...(input.clientMetadata && { clientMetadata: metadata(input.clientMetadata) }),
    },
    response: v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  });
  if (!response) return undefined;
  return v1 ? fromV1(response.claimsOverrideDetails) : fromV2(response.claimsAndScopeOverrideDetails, input.clientId);
}

/**
 * A machine-to-machine token (client_credentials): only a V3_0 function is called, as TokenGeneration_ClientCredentials
 * with no user (no userName, no attributes, no groups), the token's scopes and the request's aws_client_metadata.
 * Only its accessTokenGeneration applies: there is no ID token, and no groups to override.
 */
export async function preTokenGenerationForClient(ctx: TriggerContext, pool: PoolRecord, input: { clientId: string; scopes: readonly string[]; clientMetadata?: Readonly<Record<string, string>> }):
  Promise<TokenCustomization["access"] | undefined> {
  if (eventVersion(pool, "PreTokenGeneration") !== "3") return undefined;
  const response = await runTrigger(ctx, pool, "TokenGeneration_ClientCredentials", {
    clientId: input.clientId,
    request: {
      userAttributes: {}, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null }, scopes: [...input.scopes],
      ...(input.clientMetadata && { clientMetadata: metadata(input.clientMetadata) }),
    },
    response: { claimsAndScopeOverrideDetails: null },
  });
  return response && fromV2(response.claimsAndScopeOverrideDetails, input.clientId).access;
}

const NONE: TokenCustomization = { id: { add: {}, suppress: [] }, access: { add: {}, suppress: [], scopesToAdd: [], scopesToSuppress: [] } };

function fromV1(details: unknown): TokenCustomization {
  if (details === undefined || details === null) return NONE;
  const d = object(details, "claimsOverrideDetails");
  const add = claims(d.claimsToAddOrOverride, "claimsToAddOrOverride", { strings: true, token: "id" });
  return { ...NONE, id: { add, suppress: names(d.claimsToSuppress, "claimsToSuppress") }, groups: groupsOf(d.groupOverrideDetails) };
}

function fromV2(details: unknown, clientId: string): TokenCustomization {
  if (details === undefined || details === null) return NONE;
  const d = object(details, "claimsAndScopeOverrideDetails");
  const id = d.idTokenGeneration === undefined || d.idTokenGeneration === null ? {} : object(d.idTokenGeneration, "idTokenGeneration");
  const access = d.accessTokenGeneration === undefined || d.accessTokenGeneration === null ? {} : object(d.accessTokenGeneration, "accessTokenGeneration");
  const accessAdd = claims(access.claimsToAddOrOverride, "accessTokenGeneration.claimsToAddOrOverride", { strings: false, token: "access" });
  // An access token may carry an aud, but only the app client's own.
  if ("aud" in accessAdd && accessAdd.aud !== clientId) throw invalidLambdaResponse("Invalid lambda response: the access token's aud claim can only be the app client id.");
  return {
    id: { add: claims(id.claimsToAddOrOverride, "idTokenGeneration.claimsToAddOrOverride", { strings: false, token: "id" }), suppress: names(id.claimsToSuppress, "idTokenGeneration.claimsToSuppress") },
    access: {
      add: accessAdd, suppress: names(access.claimsToSuppress, "accessTokenGeneration.claimsToSuppress"),
      scopesToAdd: scopes(access.scopesToAdd, "scopesToAdd"), scopesToSuppress: scopes(access.scopesToSuppress, "scopesToSuppress"),
    },
    groups: groupsOf(d.groupOverrideDetails),
  };
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (!isObject(value)) throw invalidLambdaResponse(`Invalid lambda response: ${field} must be an object.`);
  return value;
}

function checkName(name: string, field: string): void {
  if (RESERVED.has(name) || (name.startsWith("cognito:") && !EDITABLE_COGNITO.has(name))) {
    throw invalidLambdaResponse(`Invalid lambda response: ${field} names ${name}, a claim Cognito sets; it cannot be added, overridden or suppressed.`);
  }
}

function claims(value: unknown, field: string, rules: { strings: boolean; token: "id" | "access" }): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  const map = object(value, field);
  for (const [name, claim] of Object.entries(map)) {
    if (!(rules.token === "access" && name === "aud")) checkName(name, field);
    if (rules.strings && typeof claim !== "string") throw invalidLambdaResponse(`Invalid lambda response: in a version 1 event, ${field}.${name} must be a string.`);
    if (rules.token === "id" && SIMPLE_IN_ID.has(name) && typeof claim === "object" && claim !== null) {
      throw invalidLambdaResponse(`Invalid lambda response: ${name} cannot hold an object or array in the ID token.`);
    }
  }
  return map;
}

function names(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw invalidLambdaResponse(`Invalid lambda response: ${field} must be a list of claim names.`);
  for (const name of value as string[]) checkName(name, field);
  return value as string[];
}

function scopes(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === "" || /\s/.test(v))) {
    throw invalidLambdaResponse(`Invalid lambda response: ${field} must be a list of scopes without spaces.`);
  }
  return value as string[];
}

function groupsOf(value: unknown): TokenCustomization["groups"] {
  if (value === undefined) return undefined;
  // null or an empty object removes the groups from the tokens, as in Cognito.
  if (value === null) return { groups: [], roles: [] };
  const g = object(value, "groupOverrideDetails");
  const list = (v: unknown, field: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalidLambdaResponse(`Invalid lambda response: groupOverrideDetails.${field} must be a list of strings.`);
    return v as string[];
  };
  const preferred = g.preferredRole;
  if (preferred !== undefined && preferred !== null && typeof preferred !== "string") throw invalidLambdaResponse("Invalid lambda response: groupOverrideDetails.preferredRole must be a string.");
  return { groups: list(g.groupsToOverride, "groupsToOverride"), roles: list(g.iamRolesToOverride, "iamRolesToOverride"), preferredRole: preferred ?? undefined };
}

/** Applies claim changes: additions first, then suppressions (a claim both added and suppressed is suppressed). */
export function applyClaimChanges(claims: Record<string, unknown>, changes: ClaimChanges): void {
  Object.assign(claims, changes.add);
  for (const name of changes.suppress) delete claims[name];
}

/** An access token's claims after the function's changes: claims as applyClaimChanges, then its scope claim. */
export function applyAccessChanges(claims: Record<string, unknown>, changes: TokenCustomization["access"]): void {
  applyClaimChanges(claims, changes);
  const out = String(claims.scope ?? "").split(" ").filter((s) => s && !changes.scopesToSuppress.includes(s));
  for (const s of changes.scopesToAdd) if (!out.includes(s) && !changes.scopesToSuppress.includes(s)) out.push(s);
  claims.scope = out.join(" ");
}

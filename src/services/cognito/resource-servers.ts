// Resource servers and their custom scopes: CreateResourceServer, DescribeResourceServer, ListResourceServers,
// UpdateResourceServer, DeleteResourceServer. A scope is named "<identifier>/<scope name>" in app clients'
// AllowedOAuthScopes, authorization requests and access tokens.
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { cognitoErrors } from "./errors.js";
import { pageOf } from "./pagination.js";
import { requirePool } from "./pools.js";
import { cognitoTables, key, type ResourceServerRecord, type ResourceServerScope } from "./records.js";

/** Every custom scope the pool's resource servers define, as "<identifier>/<scope name>". */
export function customScopesOf(store: AccountStore, poolId: string): Set<string> {
  const out = new Set<string>();
  for (const [, rs] of cognitoTables.resourceServers(store).withPrefix(key(poolId, ""))) {
    for (const s of rs.Scopes) out.add(`${rs.Identifier}/${s.ScopeName}`);
  }
  return out;
}

function checkScopes(scopes: readonly ResourceServerScope[] | undefined): ResourceServerScope[] {
  const seen = new Set<string>();
  for (const s of scopes ?? []) {
    if (seen.has(s.ScopeName)) throw cognitoErrors.invalidParameter(`Duplicate scope name ${s.ScopeName} in the resource server's scopes.`);
    seen.add(s.ScopeName);
  }
  return (scopes ?? []).map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription }));
}

function requireResourceServer(store: AccountStore, poolId: string, identifier: string): ResourceServerRecord {
  const found = cognitoTables.resourceServers(store).get(key(poolId, identifier));
  if (!found) throw cognitoErrors.resourceNotFound(`Resource server ${identifier} does not exist in user pool ${poolId}.`);
  return found;
}

interface ResourceServerInput { UserPoolId: string; Identifier: string; Name: string; Scopes?: ResourceServerScope[] }

export const CreateResourceServer: Operation<ResourceServerInput, { ResourceServer: ResourceServerRecord }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const table = cognitoTables.resourceServers(store);
  if (table.has(key(pool.Id, input.Identifier))) throw cognitoErrors.invalidParameter(`${input.Identifier} already exists in user pool ${pool.Id}.`);
  const record: ResourceServerRecord = { UserPoolId: pool.Id, Identifier: input.Identifier, Name: input.Name, Scopes: checkScopes(input.Scopes) };
  table.put(key(pool.Id, input.Identifier), record);
  return { ResourceServer: record };
};

export const DescribeResourceServer: Operation<{ UserPoolId: string; Identifier: string }, { ResourceServer: ResourceServerRecord }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  return { ResourceServer: requireResourceServer(store, pool.Id, input.Identifier) };
};

export const ListResourceServers: Operation<{ UserPoolId: string; MaxResults?: number; NextToken?: string }, { ResourceServers: ResourceServerRecord[]; NextToken?: string }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  const page = pageOf(cognitoTables.resourceServers(store), key(pool.Id, ""), input.NextToken, input.MaxResults ?? 50, () => true, (rs) => rs);
  return { ResourceServers: page.items, NextToken: page.next };
};

export const UpdateResourceServer: Operation<ResourceServerInput, { ResourceServer: ResourceServerRecord }> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  requireResourceServer(store, pool.Id, input.Identifier);
  // As AWS: an update replaces the name and the whole scope list.
  const record: ResourceServerRecord = { UserPoolId: pool.Id, Identifier: input.Identifier, Name: input.Name, Scopes: checkScopes(input.Scopes) };
  cognitoTables.resourceServers(store).put(key(pool.Id, input.Identifier), record);
  return { ResourceServer: record };
};

export const DeleteResourceServer: Operation<{ UserPoolId: string; Identifier: string }, Record<string, never>> = ({ input, store }) => {
  const pool = requirePool(store, input.UserPoolId);
  requireResourceServer(store, pool.Id, input.Identifier);
  cognitoTables.resourceServers(store).delete(key(pool.Id, input.Identifier));
  return {};
};

export const operations = { CreateResourceServer, DescribeResourceServer, ListResourceServers, UpdateResourceServer, DeleteResourceServer };

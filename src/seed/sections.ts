// The seed file's sections. Each turns its JSON into API calls; services add sections as they grow.
// Shape (snake_case keys as in the seed documents):
// { "iam": { "policies": [ { "name", "path"?, "document", "description"?, "tags"? } ],
//            "groups":   [ { "name", "path"?, "policies"? { "name": document }, "managed_policies"? [arn] } ],
//            "roles":    [ { "name", "path"?, "assume_role_policy", "description"?, "max_session_duration"?,
//                            "permissions_boundary"?, "tags"?, "policies"?, "managed_policies"? } ],
//            "users":    [ { "name", "path"?, "tags"? { "k": "v" }, "permissions_boundary"?, "groups"? [name],
//                            "access_keys"? [ { "access_key_id", "secret_access_key" } ], "policies"?, "managed_policies"? } ] },
//   "cognito": { "user_pools": [ … ], "identity_pools": [ … ] } (see below),
//   "users": [ … CloudMock's format, see usersSection ],
//   "lambda": { "handlers": { "FUNCTION": "./file.js#export" } } }
import { resolve } from "node:path";
import type { Clock } from "../clock.js";
import { ConfigError, lambdaHandlerMapping, type LambdaHandlerMapping } from "../config.js";
import { partitionOf } from "../partition.js";
import type { ServiceId } from "../protocol/model.js";
import { createAccessKey } from "../services/iam/access-keys.js";
import { requireUser } from "../services/iam/users.js";
import { iamTables, nameKey } from "../services/iam/records.js";
import { derivedClientId, derivedPoolId, moveClient, movePool, moveUserSub, setVerifier } from "../services/cognito/fixed-ids.js";
import { userKeyOf } from "../services/cognito/user-records.js";
import { cognitoTables } from "../services/cognito/records.js";
import { derivedIdentityPoolId, moveIdentityPool } from "../services/cognito-identity/fixed-ids.js";
import { identityTables } from "../services/cognito-identity/records.js";
import type { AccountStore } from "../store/store.js";

export interface SeedApi {
  /** Runs an operation as the account's root; `at` names the seed path for error messages. */
  call(service: ServiceId, operation: string, input: Record<string, unknown>, at: string, accountId?: string, region?: string): Promise<unknown>;
  store(accountId?: string, region?: string): AccountStore;
  readonly clock: Clock;
  /** The seed file's folder: relative paths in it resolve from there. */
  readonly baseDir: string;
  /** Local handler files for Lambda functions (Cognito triggers). */
  addLambdaHandlers(mappings: readonly LambdaHandlerMapping[]): void;
}

export type SeedSection = (value: unknown, api: SeedApi, at: string) => Promise<void>;

class SeedShapeError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function list(value: unknown, at: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "object" || v === null || Array.isArray(v))) {
    throw new SeedShapeError(`${at} must be a list of objects`);
  }
  return value as Record<string, unknown>[];
}

function text(value: unknown, at: string, required = true): string | undefined {
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "") throw new SeedShapeError(`${at} must be a non-empty string`);
  return value;
}

function tags(value: unknown, at: string): { Key: string; Value: string }[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SeedShapeError(`${at} must be an object of tag keys to values`);
  return Object.entries(value).map(([Key, v]) => ({ Key, Value: text(v, `${at}.${Key}`)! }));
}

/** Inline policies as { "name": document } (a JSON object or its text). */
function inlinePolicies(value: unknown, at: string): Array<[string, string]> {
  const map = object(value, at) ?? {};
  return Object.entries(map).map(([name, doc]) => [name, typeof doc === "string" ? doc : JSON.stringify(doc)]);
}

function documentText(value: unknown, at: string): string {
  if (typeof value === "string" && value !== "") return value;
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  throw new SeedShapeError(`${at} must be a policy document (a JSON object or its text)`);
}

// The seed is applied at every start: entities that already exist (a persisted earlier start) are skipped
// whole, so a seed describes the starting state without failing on the second start.
const iamSection: SeedSection = async (value, api, at) => {
  const iam = object(value, at) ?? {};
  const store = api.store();
  const exists = (table: "users" | "groups" | "roles", name: string) => iamTables[table](store).has(nameKey(name));
  const attach = async (kind: "User" | "Group" | "Role", name: string, arns: string[] | undefined, policies: unknown, here: string) => {
    for (const arn of arns ?? []) await api.call("iam", `Attach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: arn }, `${here}.managed_policies`);
    for (const [policy, doc] of inlinePolicies(policies, `${here}.policies`)) {
      await api.call("iam", `Put${kind}Policy`, { [`${kind}Name`]: name, PolicyName: policy, PolicyDocument: doc }, `${here}.policies.${policy}`);
    }
  };

  for (const [i, policy] of list(iam.policies, `${at}.policies`).entries()) {
    const here = `${at}.policies[${i}]`;
    const name = text(policy.name, `${here}.name`)!;
    const path = text(policy.path, `${here}.path`, false) ?? "/";
    if (iamTables.policies(store).has(`arn:${store.partition}:iam::${store.accountId}:policy${path}${name}`)) continue;
    await api.call("iam", "CreatePolicy", {
      PolicyName: name, Path: path, PolicyDocument: documentText(policy.document, `${here}.document`),
      Description: text(policy.description, `${here}.description`, false), Tags: tags(policy.tags, `${here}.tags`),
    }, here);
  }
  for (const [i, group] of list(iam.groups, `${at}.groups`).entries()) {
    const here = `${at}.groups[${i}]`;
    const name = text(group.name, `${here}.name`)!;
    if (exists("groups", name)) continue;
    await api.call("iam", "CreateGroup", { GroupName: name, Path: text(group.path, `${here}.path`, false) }, here);
    await attach("Group", name, strings(group.managed_policies, `${here}.managed_policies`), group.policies, here);
  }
  for (const [i, role] of list(iam.roles, `${at}.roles`).entries()) {
    const here = `${at}.roles[${i}]`;
    const name = text(role.name, `${here}.name`)!;
    if (exists("roles", name)) continue;
    await api.call("iam", "CreateRole", {
      RoleName: name, Path: text(role.path, `${here}.path`, false),
      AssumeRolePolicyDocument: documentText(role.assume_role_policy, `${here}.assume_role_policy`),
      Description: text(role.description, `${here}.description`, false),
      MaxSessionDuration: typeof role.max_session_duration === "number" ? role.max_session_duration : undefined,
      PermissionsBoundary: text(role.permissions_boundary, `${here}.permissions_boundary`, false),
      Tags: tags(role.tags, `${here}.tags`),
    }, here);
    await attach("Role", name, strings(role.managed_policies, `${here}.managed_policies`), role.policies, here);
  }
  for (const [i, user] of list(iam.users, `${at}.users`).entries()) {
    const here = `${at}.users[${i}]`;
    const name = text(user.name ?? user.user_name, `${here}.name`)!;
    if (exists("users", name)) continue;
    await api.call("iam", "CreateUser", {
      UserName: name, Path: text(user.path, `${here}.path`, false), Tags: tags(user.tags, `${here}.tags`),
      PermissionsBoundary: text(user.permissions_boundary, `${here}.permissions_boundary`, false),
    }, here);
    for (const [k, key] of list(user.access_keys, `${here}.access_keys`).entries()) {
      seedAccessKey(store, name, key, `${here}.access_keys[${k}]`, api.clock);
    }
    for (const group of strings(user.groups, `${here}.groups`) ?? []) {
      await api.call("iam", "AddUserToGroup", { GroupName: group, UserName: name }, `${here}.groups`);
    }
    await attach("User", name, strings(user.managed_policies, `${here}.managed_policies`), user.policies, here);
  }
};

/** An access key with the id and secret the seed gives (apps and CI configs hard-code them). */
function seedAccessKey(store: AccountStore, user: string, key: Record<string, unknown>, at: string, clock: Clock): void {
  const accessKeyId = text(key.access_key_id, `${at}.access_key_id`)!;
  const secret = text(key.secret_access_key, `${at}.secret_access_key`)!;
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) throw new SeedShapeError(`${at}.access_key_id must be 16 to 128 upper-case letters and digits`);
  createAccessKey(store, requireUser(store, user), clock.now().toISOString(), { accessKeyId, secretAccessKey: secret });
}

// Members of the API's input a seed sets through fields of its own (or, LambdaConfig, only once the users exist).
const POOL_OWN_FIELDS = ["PoolName", "UsernameAttributes", "AliasAttributes", "AutoVerifiedAttributes", "LambdaConfig", "Schema", "MfaConfiguration"];
const CLIENT_OWN_FIELDS = ["UserPoolId", "ClientName", "GenerateSecret", "ClientSecret", "ExplicitAuthFlows", "AllowedOAuthFlowsUserPoolClient",
  "AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs", "SupportedIdentityProviders"];

/** `settings`: more of the API's input as the API names it (CreateUserPool's, CreateUserPoolClient's), checked by the API. */
function apiSettings(value: unknown, at: string, ownFields: readonly string[]): Record<string, unknown> {
  const settings = object(value, at) ?? {};
  const own = Object.keys(settings).find((k) => ownFields.includes(k));
  if (own !== undefined) throw new SeedShapeError(`${at}.${own} has a seed field of its own: set it there`);
  return settings;
}

/** A resource server's scopes: names (described by themselves), or { "name", "description" }. */
function scopesOf(value: unknown, at: string): { ScopeName: string; ScopeDescription: string }[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new SeedShapeError(`${at} must be a list of scope names or { "name", "description" }`);
  return value.map((scope: unknown, i) => {
    if (typeof scope === "string") return { ScopeName: scope, ScopeDescription: scope };
    const o = object(scope, `${at}[${i}]`)!;
    const name = text(o.name, `${at}[${i}].name`)!;
    return { ScopeName: name, ScopeDescription: text(o.description, `${at}[${i}].description`, false) ?? name };
  });
}

function strings(value: unknown, at: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw new SeedShapeError(`${at} must be a list of strings`);
  return value as string[];
}

function object(value: unknown, at: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SeedShapeError(`${at} must be an object`);
  return value as Record<string, unknown>;
}

const snakeToPascal = (name: string): string => name.split("_").map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");

// { "cognito": { "user_pools": [ { "name", "id"?, "region"?, "username_attributes"?, "alias_attributes"?,
//   "auto_verified_attributes"?, "password_policy"? { "minimum_length", "require_symbols", … }, "mfa"? "OFF|OPTIONAL|ON",
//   "lambda_config"? { "PreTokenGeneration": "function name or ARN", … as the API's LambdaConfig },
//   "custom_attributes"? [ { "name", "type"? } ],
//   "settings"? { more of CreateUserPool's input, as the API names it },
//   "domain"? "prefix", "resource_servers"? [ { "identifier", "name", "scopes"? [name or { "name", "description"? }] } ],
//   "clients": [ { "name", "id"?, "generate_secret"?, "secret"?, "explicit_auth_flows"?, "allowed_oauth_flows"?, "allowed_oauth_scopes"?,
//                  "callback_urls"?, "logout_urls"?, "supported_identity_providers"?, "settings"? { more of CreateUserPoolClient's input } } ],
//   "groups": [ { "name", "description"?, "precedence"?, "role_arn"? } ],
//   "users": [ { "username", "password" (or "password_verifier" { "salt", "verifier" }), "sub"?, "temporary"?,
//                "attributes"? { "email": "…" }, "groups"? [ … ], "enabled"? } ] } ] } }
// Ids default to ones derived from the names, so a seed loaded again (every start) finds its pool and skips it.
const cognitoSection: SeedSection = async (value, api, at) => {
  const cognito = object(value, at)!;
  const unknown = Object.keys(cognito).find((k) => k !== "user_pools" && k !== "identity_pools");
  if (unknown !== undefined) throw new SeedShapeError(`${at}.${unknown} is not a Cognito seed list (known: user_pools, identity_pools)`);
  for (const [i, pool] of list(cognito.user_pools, `${at}.user_pools`).entries()) {
    const here = `${at}.user_pools[${i}]`;
    const name = text(pool.name, `${here}.name`)!;
    const region = text(pool.region, `${here}.region`, false);
    const store = api.store(undefined, region);
    const id = text(pool.id, `${here}.id`, false) ?? derivedPoolId(store.region, name);
    if (!new RegExp(`^${store.region}_[0-9a-zA-Z]+$`).test(id)) throw new SeedShapeError(`${here}.id must look like ${store.region}_AbC123xyZ`);
    if (cognitoTables.pools(store).has(id)) continue;
    const policy = object(pool.password_policy, `${here}.password_policy`);
    const mfa = text(pool.mfa, `${here}.mfa`, false) ?? "OFF";
    if (!["OFF", "OPTIONAL", "ON"].includes(mfa)) throw new SeedShapeError(`${here}.mfa must be OFF, OPTIONAL or ON`);
    const lambdaConfig = lambdaConfigOf(object(pool.lambda_config, `${here}.lambda_config`), store.region, store.accountId);
    const schema = list(pool.custom_attributes, `${here}.custom_attributes`).map((a, j) => ({
      Name: text(a.name, `${here}.custom_attributes[${j}].name`)!, AttributeDataType: text(a.type, `${here}.custom_attributes[${j}].type`, false) ?? "String", Mutable: true,
    }));
    const settings = apiSettings(pool.settings, `${here}.settings`, POOL_OWN_FIELDS);
    const created = await api.call("cognito-idp", "CreateUserPool", {
      ...settings,
      PoolName: name,
      UsernameAttributes: strings(pool.username_attributes, `${here}.username_attributes`),
      AliasAttributes: strings(pool.alias_attributes, `${here}.alias_attributes`),
      AutoVerifiedAttributes: strings(pool.auto_verified_attributes, `${here}.auto_verified_attributes`),
      Policies: (policy || settings.Policies) && {
        ...(settings.Policies as object | undefined),
        ...(policy && { PasswordPolicy: Object.fromEntries(Object.entries(policy).map(([k, v]) => [snakeToPascal(k), v])) }),
      },
      // The model asks for at least one schema entry when Schema is sent at all.
      Schema: schema.length ? schema : undefined,
      LambdaConfig: lambdaConfig,
    }, here, undefined, region) as { UserPool: { Id: string } };
    movePool(store, created.UserPool.Id, id);
    // Seeded users are state, not sign-ups: the triggers are switched on once they exist.
    const withTriggers = cognitoTables.pools(store).get(id)!;
    cognitoTables.pools(store).put(id, { ...withTriggers, settings: { ...withTriggers.settings, LambdaConfig: {} } });
    if (mfa !== "OFF") await api.call("cognito-idp", "SetUserPoolMfaConfig", { UserPoolId: id, MfaConfiguration: mfa, SoftwareTokenMfaConfiguration: { Enabled: true } }, here, undefined, region);
    const domain = text(pool.domain, `${here}.domain`, false);
    if (domain !== undefined) await api.call("cognito-idp", "CreateUserPoolDomain", { UserPoolId: id, Domain: domain }, `${here}.domain`, undefined, region);
    for (const [j, server] of list(pool.resource_servers, `${here}.resource_servers`).entries()) {
      const serverAt = `${here}.resource_servers[${j}]`;
      await api.call("cognito-idp", "CreateResourceServer", {
        UserPoolId: id, Identifier: text(server.identifier, `${serverAt}.identifier`)!, Name: text(server.name, `${serverAt}.name`)!,
        Scopes: scopesOf(server.scopes, `${serverAt}.scopes`),
      }, serverAt, undefined, region);
    }
    for (const [j, client] of list(pool.clients, `${here}.clients`).entries()) {
      const clientAt = `${here}.clients[${j}]`;
      const clientName = text(client.name, `${clientAt}.name`)!;
      const oauthFlows = strings(client.allowed_oauth_flows, `${clientAt}.allowed_oauth_flows`);
      const made = await api.call("cognito-idp", "CreateUserPoolClient", {
        ...apiSettings(client.settings, `${clientAt}.settings`, CLIENT_OWN_FIELDS),
        UserPoolId: id, ClientName: clientName, GenerateSecret: client.generate_secret === true || undefined,
        ClientSecret: text(client.secret, `${clientAt}.secret`, false),
        ExplicitAuthFlows: strings(client.explicit_auth_flows, `${clientAt}.explicit_auth_flows`)
          ?? ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ...(oauthFlows && {
          AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: oauthFlows,
          AllowedOAuthScopes: strings(client.allowed_oauth_scopes, `${clientAt}.allowed_oauth_scopes`),
          CallbackURLs: strings(client.callback_urls, `${clientAt}.callback_urls`), LogoutURLs: strings(client.logout_urls, `${clientAt}.logout_urls`),
          SupportedIdentityProviders: strings(client.supported_identity_providers, `${clientAt}.supported_identity_providers`) ?? ["COGNITO"],
        }),
      }, clientAt, undefined, region) as { UserPoolClient: { ClientId: string } };
      moveClient(store, id, made.UserPoolClient.ClientId, text(client.id, `${clientAt}.id`, false) ?? derivedClientId(id, clientName));
    }
    for (const [j, group] of list(pool.groups, `${here}.groups`).entries()) {
      const groupAt = `${here}.groups[${j}]`;
      await api.call("cognito-idp", "CreateGroup", {
        UserPoolId: id, GroupName: text(group.name, `${groupAt}.name`)!, Description: text(group.description, `${groupAt}.description`, false),
        Precedence: group.precedence, RoleArn: text(group.role_arn, `${groupAt}.role_arn`, false),
      }, groupAt, undefined, region);
    }
    for (const [j, user] of list(pool.users, `${here}.users`).entries()) {
      const userAt = `${here}.users[${j}]`;
      const username = text(user.username, `${userAt}.username`)!;
      const attributes = Object.entries(object(user.attributes, `${userAt}.attributes`) ?? {}).map(([Name, v]) => ({ Name, Value: text(String(v), `${userAt}.attributes.${Name}`)! }));
      const verifier = object(user.password_verifier, `${userAt}.password_verifier`);
      const password = text(user.password, `${userAt}.password`, verifier === undefined);
      const sub = text(user.sub, `${userAt}.sub`, false);
      if (sub !== undefined && !UUID.test(sub)) throw new SeedShapeError(`${userAt}.sub must be a UUID such as 3f0c5a7e-1b2d-4c8e-9f10-5a6b7c8d9e0f`);
      const made = await api.call("cognito-idp", "AdminCreateUser", { UserPoolId: id, Username: username, UserAttributes: attributes, MessageAction: "SUPPRESS" }, userAt, undefined, region) as { User: { Username: string } };
      let createdName = made.User.Username;
      if (sub !== undefined) {
        const pool = cognitoTables.pools(store).get(id)!;
        createdName = moveUserSub(store, pool, userKeyOf(pool, createdName), sub).user.Username;
      }
      if (password !== undefined) {
        await api.call("cognito-idp", "AdminSetUserPassword", { UserPoolId: id, Username: createdName, Password: password, Permanent: user.temporary !== true }, userAt, undefined, region);
      } else {
        // An exported seed carries the SRP verifier instead of the password: the same password signs in.
        const salt = text(verifier!.salt, `${userAt}.password_verifier.salt`)!;
        const value = text(verifier!.verifier, `${userAt}.password_verifier.verifier`)!;
        if (!/^[0-9a-f]+$/.test(salt) || !/^[0-9a-f]+$/.test(value)) throw new SeedShapeError(`${userAt}.password_verifier holds hex salt and verifier`);
        const pool = cognitoTables.pools(store).get(id)!;
        setVerifier(store, pool, userKeyOf(pool, createdName), { salt, verifier: value }, user.temporary === true, api.clock.now());
      }
      for (const [k, group] of (strings(user.groups, `${userAt}.groups`) ?? []).entries()) {
        await api.call("cognito-idp", "AdminAddUserToGroup", { UserPoolId: id, Username: createdName, GroupName: group }, `${userAt}.groups[${k}]`, undefined, region);
      }
      if (user.enabled === false) await api.call("cognito-idp", "AdminDisableUser", { UserPoolId: id, Username: createdName }, userAt, undefined, region);
    }
    const seeded = cognitoTables.pools(store).get(id)!;
    cognitoTables.pools(store).put(id, { ...seeded, settings: { ...seeded.settings, LambdaConfig: withTriggers.settings.LambdaConfig } });
  }
  await identityPools(cognito.identity_pools, api, `${at}.identity_pools`);
};

// CloudMock's seed format, as its documentation prints it: a top-level list of users, each with one access key
// and inline policies as { name, document }. Loaded unchanged beside the richer `iam` section.
// { "users": [ { "name", "access_key_id"?, "secret_access_key"?, "policies"? [ { "name", "document" } ] } ] }
const usersSection: SeedSection = async (value, api, at) => {
  const store = api.store();
  for (const [i, user] of list(value, at).entries()) {
    const here = `${at}[${i}]`;
    const name = text(user.name, `${here}.name`)!;
    if (iamTables.users(store).has(nameKey(name))) continue;
    await api.call("iam", "CreateUser", { UserName: name }, here);
    if (user.access_key_id !== undefined || user.secret_access_key !== undefined) {
      seedAccessKey(store, name, user, here, api.clock);
    }
    for (const [j, policy] of list(user.policies, `${here}.policies`).entries()) {
      const policyAt = `${here}.policies[${j}]`;
      await api.call("iam", "PutUserPolicy", {
        UserName: name, PolicyName: text(policy.name, `${policyAt}.name`)!, PolicyDocument: documentText(policy.document, `${policyAt}.document`),
      }, policyAt);
    }
  }
};

/** LambdaConfig with bare function names made into ARNs in the pool's region and account. */
function lambdaConfigOf(config: Record<string, unknown> | undefined, region: string, accountId: string): Record<string, unknown> | undefined {
  if (!config) return undefined;
  const arn = (value: unknown) => typeof value === "string" && !value.startsWith("arn:") ? `arn:${partitionOf(region)}:lambda:${region}:${accountId}:function:${value}` : value;
  return Object.fromEntries(Object.entries(config).map(([name, value]) => [name,
    name === "KMSKeyID" ? value : typeof value === "object" && value !== null ? { ...value, LambdaArn: arn((value as { LambdaArn?: unknown }).LambdaArn) } : arn(value)]));
}

// { "lambda": { "handlers": { "pre-token": "./triggers/pre-token.ts#handler" } } }: files relative to the seed file.
const lambdaSection: SeedSection = async (value, api, at) => {
  const section = object(value, at) ?? {};
  const handlers = object(section.handlers, `${at}.handlers`) ?? {};
  const mappings = Object.entries(handlers).map(([name, target]) => {
    try {
      const mapping = lambdaHandlerMapping(name, text(target, `${at}.handlers.${name}`)!, `${at}.handlers.${name}`);
      return { ...mapping, file: resolve(api.baseDir, mapping.file) };
    } catch (err) {
      throw new SeedShapeError(err instanceof ConfigError ? err.message : String(err));
    }
  });
  api.addLambdaHandlers(mappings);
};

// { "cognito": { "identity_pools": [ { "name", "id"?, "region"?, "allow_unauthenticated"?, "allow_classic_flow"?,
//   "user_pools"? [ { "user_pool_id", "client_id", "server_side_token_check"? } ], "openid_connect_provider_arns"? [ … ],
//   "saml_provider_arns"? [ … ], "supported_login_providers"? { "accounts.google.com": "app id" }, "developer_provider_name"?,
//   "roles"? { "authenticated": "role name or ARN", "unauthenticated": … },
//   "role_mappings"? { "<provider>[:<client id>]": { "type": "Token|Rules", "ambiguous_role_resolution": "AuthenticatedRole|Deny",
//                      "rules"? [ { "claim", "match_type", "value", "role" } ] } }, "tags"? { … } } ] } }
async function identityPools(value: unknown, api: SeedApi, at: string): Promise<void> {
  for (const [i, pool] of list(value, at).entries()) {
    const here = `${at}[${i}]`;
    const name = text(pool.name, `${here}.name`)!;
    const region = text(pool.region, `${here}.region`, false);
    const store = api.store(undefined, region);
    const id = text(pool.id, `${here}.id`, false) ?? derivedIdentityPoolId(store.region, name);
    if (!new RegExp(`^${store.region}:[0-9a-f-]+$`).test(id)) throw new SeedShapeError(`${here}.id must look like ${store.region}:1b2c3d4e-0000-4000-8000-1234567890ab`);
    if (identityTables.pools(store).has(id)) continue;
    const flag = (v: unknown, where: string): boolean | undefined => {
      if (v === undefined || typeof v === "boolean") return v;
      throw new SeedShapeError(`${where} must be true or false`);
    };
    const providers = list(pool.user_pools, `${here}.user_pools`).map((p, j) => {
      const userPoolId = text(p.user_pool_id, `${here}.user_pools[${j}].user_pool_id`)!;
      return {
        ProviderName: `cognito-idp.${userPoolId.slice(0, userPoolId.indexOf("_"))}.amazonaws.com/${userPoolId}`,
        ClientId: text(p.client_id, `${here}.user_pools[${j}].client_id`)!,
        ServerSideTokenCheck: flag(p.server_side_token_check, `${here}.user_pools[${j}].server_side_token_check`),
      };
    });
    const logins = object(pool.supported_login_providers, `${here}.supported_login_providers`);
    const created = await api.call("cognito-identity", "CreateIdentityPool", {
      IdentityPoolName: name,
      AllowUnauthenticatedIdentities: flag(pool.allow_unauthenticated, `${here}.allow_unauthenticated`) ?? false,
      AllowClassicFlow: flag(pool.allow_classic_flow, `${here}.allow_classic_flow`),
      CognitoIdentityProviders: providers.length ? providers : undefined,
      OpenIdConnectProviderARNs: strings(pool.openid_connect_provider_arns, `${here}.openid_connect_provider_arns`),
      SamlProviderARNs: strings(pool.saml_provider_arns, `${here}.saml_provider_arns`),
      SupportedLoginProviders: logins && Object.fromEntries(Object.entries(logins).map(([k, v]) => [k, text(v, `${here}.supported_login_providers.${k}`)!])),
      DeveloperProviderName: text(pool.developer_provider_name, `${here}.developer_provider_name`, false),
      IdentityPoolTags: tags(pool.tags, `${here}.tags`)?.reduce((o, t) => ({ ...o, [t.Key]: t.Value }), {}),
    }, here, undefined, region) as { IdentityPoolId: string };
    moveIdentityPool(store, created.IdentityPoolId, id);
    const roleArn = (v: unknown, where: string) => {
      const named = text(v, where)!;
      return named.startsWith("arn:") ? named : `arn:${store.partition}:iam::${store.accountId}:role/${named}`;
    };
    const roles = object(pool.roles, `${here}.roles`) ?? {};
    const mappings = object(pool.role_mappings, `${here}.role_mappings`) ?? {};
    if (!Object.keys(roles).length && !Object.keys(mappings).length) continue;
    await api.call("cognito-identity", "SetIdentityPoolRoles", {
      IdentityPoolId: id,
      Roles: Object.fromEntries(Object.entries(roles).map(([kind, v]) => [kind, roleArn(v, `${here}.roles.${kind}`)])),
      RoleMappings: Object.keys(mappings).length ? Object.fromEntries(Object.entries(mappings).map(([provider, m]) => {
        const where = `${here}.role_mappings.${provider}`;
        const mapping = object(m, where)!;
        const rules = list(mapping.rules, `${where}.rules`).map((r, k) => ({
          Claim: text(r.claim, `${where}.rules[${k}].claim`)!, MatchType: text(r.match_type, `${where}.rules[${k}].match_type`)!,
          Value: text(r.value, `${where}.rules[${k}].value`)!, RoleARN: roleArn(r.role, `${where}.rules[${k}].role`),
        }));
        return [provider, {
          Type: text(mapping.type, `${where}.type`)!, AmbiguousRoleResolution: text(mapping.ambiguous_role_resolution, `${where}.ambiguous_role_resolution`, false),
          RulesConfiguration: rules.length ? { Rules: rules } : undefined,
        }];
      })) : undefined,
    }, here, undefined, region);
  }
}

export const seedSections: Readonly<Record<string, SeedSection>> = {
  iam: iamSection,
  cognito: cognitoSection,
  users: usersSection,
  lambda: lambdaSection,
};

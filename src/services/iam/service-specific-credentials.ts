// Service-specific credentials: CreateServiceSpecificCredential, ListServiceSpecificCredentials,
// ResetServiceSpecificCredential, UpdateServiceSpecificCredential, DeleteServiceSpecificCredential.
// CodeCommit (HTTPS Git) and Keyspaces take a user name `<user>-at-<account>` and a generated password;
// Bedrock API keys take an alias and an `ABSK…` secret, and may expire after CredentialAgeDays. The
// password or secret is shown only by Create and Reset, as on AWS. Two per user per service.
import { randomBytes } from "node:crypto";
import { awsError, type AwsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { credentialOwner, requireCredentialOwner } from "./credential-owner.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { decodeMarker, encodeMarker } from "./pagination.js";
import {
  credentialTables, deleteChecks, iamTables, relationKey,
  type CredentialStatus, type ServiceSpecificCredentialRecord, type UserRecord,
} from "./records.js";
import { requireUser } from "./users.js";

const PER_USER_PER_SERVICE = 2;
const BEDROCK = "bedrock.amazonaws.com";
const SERVICES = new Set(["codecommit.amazonaws.com", "cassandra.amazonaws.com", BEDROCK]);
const DAY_MS = 86_400_000;

const notSupported = (service: string): AwsError =>
  awsError("iam", "NotSupportedService", `No such service ${service} is supported for Service-Specific Credentials`);
const notFound = (id: string): AwsError =>
  awsError("iam", "NoSuchEntity", `The Service Specific Credential with id ${id} cannot be found.`);

function credentialsOf(store: AccountStore): Collection<ServiceSpecificCredentialRecord> {
  return credentialTables.serviceSpecificCredentials(store);
}

function userCredentials(store: AccountStore, user: UserRecord): ServiceSpecificCredentialRecord[] {
  return [...credentialsOf(store).withPrefix(relationKey(user.UserId, ""))].map(([, c]) => c);
}

function requireCredential(store: AccountStore, user: UserRecord, id: string): ServiceSpecificCredentialRecord {
  const credential = credentialsOf(store).get(relationKey(user.UserId, id));
  if (!credential) throw notFound(id);
  return credential;
}

/** 33 random bytes in base64: 44 characters, the length of the passwords CodeCommit and Keyspaces hand out. */
function password(): string {
  return randomBytes(33).toString("base64");
}

/** A Bedrock API key's secret: `ABSK` and the base64 of `<alias>:<random>`, the shape Bedrock clients expect. */
function bedrockSecret(alias: string): string {
  return "ABSK" + Buffer.from(`${alias}:${randomBytes(30).toString("base64")}`).toString("base64");
}

function statusAt(credential: ServiceSpecificCredentialRecord, now: Date): CredentialStatus | "Expired" {
  return credential.ExpirationDate !== undefined && Date.parse(credential.ExpirationDate) <= now.getTime() ? "Expired" : credential.Status;
}

function metadataShape(user: UserRecord, c: ServiceSpecificCredentialRecord, now: Date) {
  return {
    UserName: user.UserName, Status: statusAt(c, now), ServiceUserName: c.ServiceUserName, ServiceCredentialAlias: c.ServiceCredentialAlias,
    CreateDate: c.CreateDate, ExpirationDate: c.ExpirationDate, ServiceSpecificCredentialId: c.ServiceSpecificCredentialId, ServiceName: c.ServiceName,
  };
}

/** Create and Reset: the metadata and the secret, under the member names its service uses. */
function credentialShape(user: UserRecord, c: ServiceSpecificCredentialRecord, now: Date) {
  const bedrock = c.ServiceName === BEDROCK;
  return {
    ...metadataShape(user, c, now),
    ServicePassword: bedrock ? undefined : c.secret,
    ServiceCredentialSecret: bedrock ? c.secret : undefined,
  };
}

interface CreateInput { UserName: string; ServiceName: string; CredentialAgeDays?: number }

export const CreateServiceSpecificCredential: Operation<CreateInput, object> = ({ input, caller, store, clock }) => {
  const user = requireUser(store, input.UserName);
  if (!SERVICES.has(input.ServiceName)) throw notSupported(input.ServiceName);
  const bedrock = input.ServiceName === BEDROCK;
  if (input.CredentialAgeDays !== undefined && !bedrock) {
    throw iamErrors.invalidInput("CredentialAgeDays is only valid for Bedrock API keys.");
  }
  if (userCredentials(store, user).filter((c) => c.ServiceName === input.ServiceName).length >= PER_USER_PER_SERVICE) {
    throw iamErrors.limitExceeded("ServiceSpecificCredentialsPerUserPerService", PER_USER_PER_SERVICE);
  }
  const now = clock.now();
  const id = uniqueId("ACCA");
  const alias = bedrock ? `BedrockAPIKey-${randomBytes(2).toString("hex")}-at-${caller.accountId}` : undefined;
  const credential = credentialsOf(store).put(relationKey(user.UserId, id), {
    userId: user.UserId,
    ServiceSpecificCredentialId: id,
    ServiceName: input.ServiceName,
    ServiceUserName: bedrock ? undefined : `${user.UserName}-at-${caller.accountId}`,
    ServiceCredentialAlias: alias,
    secret: alias !== undefined ? bedrockSecret(alias) : password(),
    Status: "Active",
    CreateDate: now.toISOString(),
    ExpirationDate: input.CredentialAgeDays !== undefined ? new Date(now.getTime() + input.CredentialAgeDays * DAY_MS).toISOString() : undefined,
  });
  return { ServiceSpecificCredential: credentialShape(user, credential, now) };
};

interface ListInput { UserName?: string; ServiceName?: string; AllUsers?: boolean; Marker?: string; MaxItems?: number }

export const ListServiceSpecificCredentials: Operation<ListInput, object> = ({ input, caller, store, clock }) => {
  if (input.ServiceName !== undefined && !SERVICES.has(input.ServiceName)) throw notSupported(input.ServiceName);
  const keep = (c: ServiceSpecificCredentialRecord) => input.ServiceName === undefined || c.ServiceName === input.ServiceName;
  const now = clock.now();
  const after = decodeMarker(input.Marker);
  const limit = input.MaxItems ?? 100;
  let rows: Array<[string, ServiceSpecificCredentialRecord]>;
  let owners: Map<string, UserRecord>;
  if (input.AllUsers) {
    owners = new Map([...iamTables.users(store).values()].map((u) => [u.UserId, u]));
    rows = [...credentialsOf(store).from(after)];
  } else {
    const user = credentialOwner(store, caller, input.UserName);
    if (!user) return { ServiceSpecificCredentials: [], IsTruncated: false };
    owners = new Map([[user.UserId, user]]);
    rows = [...credentialsOf(store).withPrefix(relationKey(user.UserId, ""))].filter(([key]) => after === undefined || key > after);
  }
  const matching = rows.filter(([, c]) => keep(c) && owners.has(c.userId));
  const page = matching.slice(0, limit);
  const truncated = matching.length > limit;
  return {
    ServiceSpecificCredentials: page.map(([, c]) => metadataShape(owners.get(c.userId)!, c, now)),
    IsTruncated: truncated,
    Marker: truncated ? encodeMarker(page[page.length - 1]![0]) : undefined,
  };
};

interface ByIdInput { UserName?: string; ServiceSpecificCredentialId: string }

export const ResetServiceSpecificCredential: Operation<ByIdInput, object> = ({ input, caller, store, clock }) => {
  const user = requireCredentialOwner(store, caller, input.UserName);
  const credential = requireCredential(store, user, input.ServiceSpecificCredentialId);
  const secret = credential.ServiceCredentialAlias !== undefined ? bedrockSecret(credential.ServiceCredentialAlias) : password();
  const reset = credentialsOf(store).put(relationKey(user.UserId, credential.ServiceSpecificCredentialId), { ...credential, secret });
  return { ServiceSpecificCredential: credentialShape(user, reset, clock.now()) };
};

export const UpdateServiceSpecificCredential: Operation<ByIdInput & { Status: CredentialStatus | "Expired" }, Record<string, never>> = ({ input, caller, store }) => {
  const user = requireCredentialOwner(store, caller, input.UserName);
  const credential = requireCredential(store, user, input.ServiceSpecificCredentialId);
  if (input.Status === "Expired") throw iamErrors.invalidInput("Status must be Active or Inactive.");
  credentialsOf(store).put(relationKey(user.UserId, credential.ServiceSpecificCredentialId), { ...credential, Status: input.Status });
  return {};
};

export const DeleteServiceSpecificCredential: Operation<ByIdInput, Record<string, never>> = ({ input, caller, store }) => {
  const user = requireCredentialOwner(store, caller, input.UserName);
  const credential = requireCredential(store, user, input.ServiceSpecificCredentialId);
  credentialsOf(store).delete(relationKey(user.UserId, credential.ServiceSpecificCredentialId));
  return {};
};

deleteChecks.user.push((store, userName) => {
  const user = requireUser(store, userName);
  return credentialsOf(store).withPrefix(relationKey(user.UserId, "")).next().done ? undefined : "delete service specific credentials";
});

export const operations = {
  CreateServiceSpecificCredential, ListServiceSpecificCredentials, ResetServiceSpecificCredential,
  UpdateServiceSpecificCredential, DeleteServiceSpecificCredential,
} satisfies Readonly<Record<string, Operation>>;

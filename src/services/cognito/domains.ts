// User pool domains: CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain.
// A prefix domain ("myapp") or a custom domain ("auth.example.com"), one per pool, ACTIVE at once; both are
// served by the emulator itself at the base URL urls.ts computes, which DescribeUserPoolDomain states as
// CloudFrontDistribution (on AWS: the host the domain's DNS points at).
import { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { cognitoErrors } from "./errors.js";
import { requirePool } from "./pools.js";
import { cognitoIndexes, cognitoTables, key, type DomainRecord, type PoolRecord } from "./records.js";
import { domainBaseUrl, domainHost, isCustomDomain } from "./urls.js";

// AWS keeps these words out of prefix domains (they would look like AWS's own hosts).
const RESERVED = ["aws", "amazon", "cognito"];

export function domainOfPool(store: AccountStore, poolId: string): DomainRecord | undefined {
  for (const [, d] of cognitoTables.domains(store).withPrefix(key(poolId, ""))) return d;
  return undefined;
}

/** The pool a domain host serves, in the pool's own account and region (the OAuth endpoints name only the host). */
export function locateDomain(store: AccountStore, host: string): { store: AccountStore; pool: PoolRecord; domain: DomainRecord } | undefined {
  const at = cognitoIndexes.domains(store).get(host.toLowerCase());
  if (!at) return undefined;
  const home = at.accountId === store.accountId && at.region === store.region ? store : new AccountStore(at.accountId, at.region, store.tx);
  const pool = cognitoTables.pools(home).get(at.poolId);
  const domain = pool && domainOfPool(home, pool.Id);
  return pool && domain ? { store: home, pool, domain } : undefined;
}

const versionOf = (at: Date): string => at.toISOString().replace(/\D/g, "").slice(0, 14);

function checkDomainName(domain: string, custom?: { CertificateArn: string }): void {
  if (isCustomDomain(domain)) {
    if (!custom) throw cognitoErrors.invalidParameter("A custom domain requires CustomDomainConfig with the CertificateArn of its ACM certificate.");
    return;
  }
  if (custom) throw cognitoErrors.invalidParameter("CustomDomainConfig can only be set for a custom domain, not for the prefix domain " + domain + ".");
  const reserved = RESERVED.find((w) => domain.includes(w));
  if (reserved) throw cognitoErrors.invalidParameter(`Domain cannot contain reserved word: ${reserved}`);
}

function managedLoginVersion(value: number | undefined, fallback: number): number {
  const version = value ?? fallback;
  if (version !== 1 && version !== 2) throw cognitoErrors.invalidParameter("ManagedLoginVersion must be 1 (the classic hosted UI) or 2 (managed login).");
  return version;
}

interface DomainInput { Domain: string; UserPoolId: string; ManagedLoginVersion?: number; CustomDomainConfig?: { CertificateArn: string } }
interface DomainOutput { ManagedLoginVersion: number; CloudFrontDomain?: string }

export const CreateUserPoolDomain: Operation<DomainInput, DomainOutput> = ({ input, store, clock, origin }) => {
  const pool = requirePool(store, input.UserPoolId);
  checkDomainName(input.Domain, input.CustomDomainConfig);
  if (domainOfPool(store, pool.Id)) throw cognitoErrors.invalidParameter("User pool already has a domain configured.");
  const host = domainHost(input.Domain, store.region);
  if (cognitoIndexes.domains(store).has(host)) throw cognitoErrors.invalidParameter("Domain already associated with another user pool.");
  const record: DomainRecord = {
    UserPoolId: pool.Id, Domain: input.Domain, host, CustomDomainConfig: input.CustomDomainConfig,
    ManagedLoginVersion: managedLoginVersion(input.ManagedLoginVersion, 1), Version: versionOf(clock.now()),
  };
  cognitoTables.domains(store).put(key(pool.Id, input.Domain), record);
  cognitoIndexes.domains(store).put(host, { accountId: store.accountId, region: store.region, poolId: pool.Id });
  return { ManagedLoginVersion: record.ManagedLoginVersion, CloudFrontDomain: record.CustomDomainConfig ? domainBaseUrl(origin, host) : undefined };
};

export const DescribeUserPoolDomain: Operation<{ Domain: string }, { DomainDescription: Record<string, unknown> }> = ({ input, store, origin }) => {
  const found = locateDomain(store, domainHost(input.Domain, store.region));
  // As AWS: a domain nobody owns (or another account's) is described as an empty structure, not an error.
  if (!found || found.store.accountId !== store.accountId || found.domain.Domain !== input.Domain) return { DomainDescription: {} };
  const d = found.domain;
  return {
    DomainDescription: {
      UserPoolId: d.UserPoolId, AWSAccountId: found.store.accountId, Domain: d.Domain, CloudFrontDistribution: domainBaseUrl(origin, d.host),
      Version: d.Version, Status: "ACTIVE", CustomDomainConfig: d.CustomDomainConfig, ManagedLoginVersion: d.ManagedLoginVersion,
    },
  };
};

function requireDomain(store: AccountStore, poolId: string, domain: string): DomainRecord {
  const record = cognitoTables.pools(store).has(poolId) ? cognitoTables.domains(store).get(key(poolId, domain)) : undefined;
  if (!record) throw cognitoErrors.invalidParameter("No such domain or user pool exists.");
  return record;
}

export const UpdateUserPoolDomain: Operation<DomainInput, DomainOutput> = ({ input, store, clock, origin }) => {
  const current = requireDomain(store, input.UserPoolId, input.Domain);
  if (input.CustomDomainConfig && !isCustomDomain(current.Domain)) {
    throw cognitoErrors.invalidParameter("CustomDomainConfig can only be set for a custom domain, not for the prefix domain " + current.Domain + ".");
  }
  const next: DomainRecord = {
    ...current, CustomDomainConfig: input.CustomDomainConfig ?? current.CustomDomainConfig,
    ManagedLoginVersion: managedLoginVersion(input.ManagedLoginVersion, current.ManagedLoginVersion), Version: versionOf(clock.now()),
  };
  cognitoTables.domains(store).put(key(current.UserPoolId, current.Domain), next);
  return { ManagedLoginVersion: next.ManagedLoginVersion, CloudFrontDomain: next.CustomDomainConfig ? domainBaseUrl(origin, next.host) : undefined };
};

export const DeleteUserPoolDomain: Operation<{ Domain: string; UserPoolId: string }, Record<string, never>> = ({ input, store }) => {
  const current = requireDomain(store, input.UserPoolId, input.Domain);
  cognitoTables.domains(store).delete(key(current.UserPoolId, current.Domain));
  cognitoIndexes.domains(store).delete(current.host);
  return {};
};

export const operations = { CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain };

// A managed policy's default document by ARN, customer-managed (the store) or AWS-managed (the catalog).
import type { AccountStore } from "../../store/store.js";
import { iamTables } from "./records.js";

export interface ManagedDocument { readonly document: string; readonly versionId: string }

/** AWS-managed policies come from the bundled catalog; policies.ts registers the lookup when loaded. */
export let awsManagedPolicyDocument: (arn: string) => ManagedDocument | undefined = () => undefined;
export function setAwsManagedLookup(lookup: (arn: string) => ManagedDocument | undefined): void {
  awsManagedPolicyDocument = lookup;
}

export function managedPolicyDocument(store: AccountStore, arn: string): ManagedDocument | undefined {
  if (/^arn:[\w-]+:iam::aws:policy\//.test(arn)) return awsManagedPolicyDocument(arn);
  const policy = iamTables.policies(store).get(arn);
  const version = policy?.versions.find((v) => v.VersionId === policy.DefaultVersionId);
  return version ? { document: version.Document, versionId: version.VersionId } : undefined;
}

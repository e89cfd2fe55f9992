// What a node's simple actions do, as data: the text "Copy ARN / name / id" copies, and the call that
// deletes (or detaches, or removes) what the node shows, with the words the confirmation uses.
// No `vscode` import.
import type { AdminCall } from "./document-uris.js";
import type { NodeRef } from "./tree-model.js";

/** ARN, name and id of a node, where it has them. */
export function copyValuesOf(ref: NodeRef): { arn?: string; name?: string; id?: string } {
  switch (ref.type) {
    case "user": case "group": case "role": return { arn: ref.arn, name: ref.name, id: ref.id };
    case "policy": return { arn: ref.arn, name: ref.name, ...(ref.id ? { id: ref.id } : {}) };
    case "attachedPolicy": case "boundary": return { arn: ref.arn, name: ref.name };
    case "policyVersion": return { arn: ref.arn, name: ref.versionId };
    case "inlinePolicy": return { name: ref.name };
    case "trustPolicy": return { name: ref.role };
    case "accessKey": return { id: ref.id, name: ref.user };
    case "membership": return { name: ref.group };
    case "oidcProvider": return { arn: ref.arn, name: ref.url };
    case "samlProvider": return { arn: ref.arn, name: ref.name };
    case "userPool": return { arn: ref.arn, name: ref.name, id: ref.id };
    case "poolClient": return { name: ref.name, id: ref.id };
    case "poolUser": return { name: ref.username, id: ref.sub };
    case "poolGroup": return { name: ref.name };
    case "poolDomain": return { name: ref.domain };
    case "resourceServer": return { name: ref.name, id: ref.identifier };
    case "poolIdentityProvider": return { name: ref.name };
    case "identityPool": return { arn: ref.arn, name: ref.name, id: ref.id };
    case "identityPoolRole": return { arn: ref.arn, name: ref.arn.slice(ref.arn.lastIndexOf("/") + 1) };
    case "identity": return { id: ref.id };
    case "decision": return { id: String(ref.id) };
    default: return {};
  }
}

export interface RemoveAction {
  readonly call: AdminCall;
  /** "Delete user alice", "Detach ReadOnlyAccess from role app", … */
  readonly title: string;
  readonly verb: "Delete" | "Detach" | "Remove";
  /** Only deletions of these can meet a DeleteConflict worth explaining. */
  readonly conflictTarget?: { type: "user" | "group" | "role"; name: string } | { type: "policy"; arn: string; name: string };
}

const iam = (operation: string, input: Record<string, unknown>): AdminCall => ({ service: "iam", operation, input });
const cognito = (operation: string, input: Record<string, unknown>, region: string): AdminCall => ({ service: "cognito-idp", operation, input, region });
const identityPools = (operation: string, input: Record<string, unknown>, region: string): AdminCall => ({ service: "cognito-identity", operation, input, region });
const cap = { user: "User", group: "Group", role: "Role" } as const;
const nameField = { user: "UserName", group: "GroupName", role: "RoleName" } as const;

/** The removal a node offers, or undefined (sections, AWS-managed policies, the default version, …). */
export function removeActionOf(ref: NodeRef): RemoveAction | undefined {
  switch (ref.type) {
    case "user": return { call: iam("DeleteUser", { UserName: ref.name }), title: `Delete user ${ref.name}`, verb: "Delete", conflictTarget: { type: "user", name: ref.name } };
    case "group": return { call: iam("DeleteGroup", { GroupName: ref.name }), title: `Delete group ${ref.name}`, verb: "Delete", conflictTarget: { type: "group", name: ref.name } };
    case "role": return { call: iam("DeleteRole", { RoleName: ref.name }), title: `Delete role ${ref.name}`, verb: "Delete", conflictTarget: { type: "role", name: ref.name } };
    case "policy":
      return ref.awsManaged ? undefined
        : { call: iam("DeletePolicy", { PolicyArn: ref.arn }), title: `Delete policy ${ref.name}`, verb: "Delete", conflictTarget: { type: "policy", arn: ref.arn, name: ref.name } };
    case "policyVersion":
      return ref.isDefault ? undefined
        : { call: iam("DeletePolicyVersion", { PolicyArn: ref.arn, VersionId: ref.versionId }), title: `Delete version ${ref.versionId} of ${ref.policyName}`, verb: "Delete" };
    case "attachedPolicy":
      return { call: iam(`Detach${cap[ref.owner.kind]}Policy`, { [nameField[ref.owner.kind]]: ref.owner.name, PolicyArn: ref.arn }), title: `Detach ${ref.name} from ${ref.owner.kind} ${ref.owner.name}`, verb: "Detach" };
    case "inlinePolicy":
      return { call: iam(`Delete${cap[ref.owner.kind]}Policy`, { [nameField[ref.owner.kind]]: ref.owner.name, PolicyName: ref.name }), title: `Delete inline policy ${ref.name} of ${ref.owner.kind} ${ref.owner.name}`, verb: "Delete" };
    case "boundary":
      return { call: iam(`Delete${cap[ref.owner.kind]}PermissionsBoundary`, { [nameField[ref.owner.kind]]: ref.owner.name }), title: `Remove the permissions boundary of ${ref.owner.kind} ${ref.owner.name}`, verb: "Remove" };
    case "accessKey": return { call: iam("DeleteAccessKey", { UserName: ref.user, AccessKeyId: ref.id }), title: `Delete access key ${ref.id} of ${ref.user}`, verb: "Delete" };
    case "membership": return { call: iam("RemoveUserFromGroup", { UserName: ref.user, GroupName: ref.group }), title: `Remove ${ref.user} from group ${ref.group}`, verb: "Remove" };
    case "oidcProvider": return { call: iam("DeleteOpenIDConnectProvider", { OpenIDConnectProviderArn: ref.arn }), title: `Delete OIDC provider ${ref.url}`, verb: "Delete" };
    case "samlProvider": return { call: iam("DeleteSAMLProvider", { SAMLProviderArn: ref.arn }), title: `Delete SAML provider ${ref.name}`, verb: "Delete" };
    case "userPool": return { call: cognito("DeleteUserPool", { UserPoolId: ref.id }, ref.region), title: `Delete user pool ${ref.name} (${ref.id}) with all its users`, verb: "Delete" };
    case "poolClient": return { call: cognito("DeleteUserPoolClient", { UserPoolId: ref.poolId, ClientId: ref.id }, ref.region), title: `Delete app client ${ref.name}`, verb: "Delete" };
    case "poolUser": return { call: cognito("AdminDeleteUser", { UserPoolId: ref.poolId, Username: ref.username }, ref.region), title: `Delete pool user ${ref.username}`, verb: "Delete" };
    case "poolGroup": return { call: cognito("DeleteGroup", { UserPoolId: ref.poolId, GroupName: ref.name }, ref.region), title: `Delete pool group ${ref.name}`, verb: "Delete" };
    case "poolDomain": return { call: cognito("DeleteUserPoolDomain", { UserPoolId: ref.poolId, Domain: ref.domain }, ref.region), title: `Delete domain ${ref.domain} (its managed login and OAuth 2.0 endpoints)`, verb: "Delete" };
    case "resourceServer": return { call: cognito("DeleteResourceServer", { UserPoolId: ref.poolId, Identifier: ref.identifier }, ref.region), title: `Delete resource server ${ref.name} and its scopes`, verb: "Delete" };
    case "poolIdentityProvider": return { call: cognito("DeleteIdentityProvider", { UserPoolId: ref.poolId, ProviderName: ref.name }, ref.region), title: `Delete identity provider ${ref.name}`, verb: "Delete" };
    case "identityPool":
      return { call: identityPools("DeleteIdentityPool", { IdentityPoolId: ref.id }, ref.region), title: `Delete identity pool ${ref.name} (${ref.id}) with all its identities`, verb: "Delete" };
    case "identity": return { call: identityPools("DeleteIdentities", { IdentityIdsToDelete: [ref.id] }, ref.region), title: `Delete identity ${ref.id}`, verb: "Delete" };
    default: return undefined;
  }
}

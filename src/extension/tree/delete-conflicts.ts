// IAM refuses to delete a user, group, role or policy that still has things attached (DeleteConflict,
// "Cannot delete entity, must detach all policies first."). This says in plain words what is still
// there, read from the tree's snapshot, so the person knows what to remove first. No `vscode` import.
import type { ResourcesSnapshot } from "./resource-snapshot.js";
import type { AdminCall } from "./document-uris.js";

export type Deletable =
  | { type: "user"; name: string }
  | { type: "group"; name: string }
  | { type: "role"; name: string }
  | { type: "policy"; arn: string; name: string };

const list = (items: readonly string[], one: string, many = `${one}s`): string | undefined =>
  items.length === 0 ? undefined : `${items.length === 1 ? `1 ${one}` : `${items.length} ${many}`} (${items.join(", ")})`;

/** What still hangs off the entity, one phrase per kind of thing; empty when nothing does. */
export function blockersOf(target: Deletable, snapshot: ResourcesSnapshot): string[] {
  const found: Array<string | undefined> = [];
  if (target.type === "user") {
    const u = snapshot.users.find((x) => x.name === target.name);
    if (!u) return [];
    found.push(
      list(u.accessKeys.map((k) => k.id), "access key"),
      u.consolePassword ? "a console password (login profile)" : undefined,
      list(u.mfaDevices, "MFA device"),
      list(u.groups, "group membership"),
      list(u.attachedPolicies.map((p) => p.name), "attached policy", "attached policies"),
      list(u.inlinePolicies, "inline policy", "inline policies"),
    );
  } else if (target.type === "group") {
    const g = snapshot.groups.find((x) => x.name === target.name);
    if (!g) return [];
    found.push(
      list(g.members, "member"),
      list(g.attachedPolicies.map((p) => p.name), "attached policy", "attached policies"),
      list(g.inlinePolicies, "inline policy", "inline policies"),
    );
  } else if (target.type === "role") {
    const r = snapshot.roles.find((x) => x.name === target.name);
    if (!r) return [];
    found.push(
      list(r.attachedPolicies.map((p) => p.name), "attached policy", "attached policies"),
      list(r.inlinePolicies, "inline policy", "inline policies"),
      list([...r.instanceProfiles], "instance profile"),
    );
  } else {
    const p = snapshot.policies.find((x) => x.arn === target.arn);
    const users = snapshot.users.filter((u) => u.attachedPolicies.some((a) => a.arn === target.arn)).map((u) => `user ${u.name}`);
    const groups = snapshot.groups.filter((g) => g.attachedPolicies.some((a) => a.arn === target.arn)).map((g) => `group ${g.name}`);
    const roles = snapshot.roles.filter((r) => r.attachedPolicies.some((a) => a.arn === target.arn)).map((r) => `role ${r.name}`);
    found.push(
      list([...users, ...groups, ...roles], "attachment"),
      list((p?.versions ?? []).filter((v) => !v.isDefault).map((v) => v.id), "non-default version"),
    );
  }
  return found.filter((x): x is string => x !== undefined);
}

const nouns = { user: "user", group: "group", role: "role", policy: "policy" } as const;

/** The message shown for a DeleteConflict: AWS's words, then what is in the way and how to clear it. */
export function explainDeleteConflict(target: Deletable, snapshot: ResourcesSnapshot, awsMessage: string): string {
  const blockers = blockersOf(target, snapshot);
  const what = `${nouns[target.type]} ${target.name}`;
  if (blockers.length === 0) return `IAM refused to delete ${what}: ${awsMessage}`;
  return `IAM will not delete ${what} while it still has ${blockers.join("; ")}. Remove ${blockers.length === 1 ? "it" : "them"} first ` +
    `(or choose "Remove and delete" to do it in order). AWS said: DeleteConflict: ${awsMessage}`;
}

/**
 * The calls that clear everything in the way and then delete, in the order IAM accepts (what the console's
 * delete does for a user). Runs only when the person confirms "Remove and delete".
 */
export function cascadeDeleteCalls(target: Deletable, snapshot: ResourcesSnapshot): AdminCall[] {
  const iam = (operation: string, input: Record<string, unknown>): AdminCall => ({ service: "iam", operation, input });
  if (target.type === "user") {
    const u = snapshot.users.find((x) => x.name === target.name);
    const UserName = target.name;
    return [
      ...(u?.accessKeys ?? []).map((k) => iam("DeleteAccessKey", { UserName, AccessKeyId: k.id })),
      ...(u?.consolePassword ? [iam("DeleteLoginProfile", { UserName })] : []),
      ...(u?.mfaDevices ?? []).map((SerialNumber) => iam("DeactivateMFADevice", { UserName, SerialNumber })),
      ...(u?.groups ?? []).map((GroupName) => iam("RemoveUserFromGroup", { UserName, GroupName })),
      ...(u?.attachedPolicies ?? []).map((p) => iam("DetachUserPolicy", { UserName, PolicyArn: p.arn })),
      ...(u?.inlinePolicies ?? []).map((PolicyName) => iam("DeleteUserPolicy", { UserName, PolicyName })),
      iam("DeleteUser", { UserName }),
    ];
  }
  if (target.type === "group") {
    const g = snapshot.groups.find((x) => x.name === target.name);
    const GroupName = target.name;
    return [
      ...(g?.members ?? []).map((UserName) => iam("RemoveUserFromGroup", { UserName, GroupName })),
      ...(g?.attachedPolicies ?? []).map((p) => iam("DetachGroupPolicy", { GroupName, PolicyArn: p.arn })),
      ...(g?.inlinePolicies ?? []).map((PolicyName) => iam("DeleteGroupPolicy", { GroupName, PolicyName })),
      iam("DeleteGroup", { GroupName }),
    ];
  }
  if (target.type === "role") {
    const r = snapshot.roles.find((x) => x.name === target.name);
    const RoleName = target.name;
    return [
      ...(r?.instanceProfiles ?? []).map((InstanceProfileName) => iam("RemoveRoleFromInstanceProfile", { RoleName, InstanceProfileName })),
      ...(r?.attachedPolicies ?? []).map((p) => iam("DetachRolePolicy", { RoleName, PolicyArn: p.arn })),
      ...(r?.inlinePolicies ?? []).map((PolicyName) => iam("DeleteRolePolicy", { RoleName, PolicyName })),
      iam("DeleteRole", { RoleName }),
    ];
  }
  const p = snapshot.policies.find((x) => x.arn === target.arn);
  const PolicyArn = target.arn;
  return [
    ...snapshot.users.filter((u) => u.attachedPolicies.some((a) => a.arn === PolicyArn)).map((u) => iam("DetachUserPolicy", { UserName: u.name, PolicyArn })),
    ...snapshot.groups.filter((g) => g.attachedPolicies.some((a) => a.arn === PolicyArn)).map((g) => iam("DetachGroupPolicy", { GroupName: g.name, PolicyArn })),
    ...snapshot.roles.filter((r) => r.attachedPolicies.some((a) => a.arn === PolicyArn)).map((r) => iam("DetachRolePolicy", { RoleName: r.name, PolicyArn })),
    ...(p?.versions ?? []).filter((v) => !v.isDefault).map((v) => iam("DeletePolicyVersion", { PolicyArn, VersionId: v.id })),
    iam("DeletePolicy", { PolicyArn }),
  ];
}

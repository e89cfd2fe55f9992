// Instance profiles: CreateInstanceProfile, DeleteInstanceProfile, GetInstanceProfile,
// ListInstanceProfiles, ListInstanceProfilesForRole, AddRoleToInstanceProfile,
// RemoveRoleFromInstanceProfile, TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags.
import { awsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { relationPage } from "./groups.js";
import { uniqueId } from "./ids.js";
import { pageOf } from "./pagination.js";
import { iamTables, nameKey, relationKey, type InstanceProfileRecord, type Tag } from "./records.js";
import { requireRole, roleShape, rolesOf, type RoleShape } from "./roles.js";
import { initialTags, mergeTags, removeTags, tagPage, tagRules } from "./tags.js";
import { checkPath, iamArn } from "./users.js";

const ROLES_PER_PROFILE = 1;

function profilesOf(store: AccountStore): Collection<InstanceProfileRecord> {
  return iamTables.instanceProfiles(store);
}

// Instance profiles have their own wording: "Instance Profile X cannot be found.", not "The … with name".
function requireProfile(store: AccountStore, name: string): InstanceProfileRecord {
  const profile = profilesOf(store).get(nameKey(name));
  if (!profile) throw awsError("iam", "NoSuchEntity", `Instance Profile ${name} cannot be found.`);
  return profile;
}

interface ProfileShape {
  Path: string; InstanceProfileName: string; InstanceProfileId: string; Arn: string; CreateDate: string;
  Roles: RoleShape[]; Tags?: readonly Tag[];
}

/** GetInstanceProfile always carries Tags (empty when none); creation only when given; lists never. */
function profileShape(store: AccountStore, profile: InstanceProfileRecord, tags: "always" | "given" | "never"): ProfileShape {
  const roles = rolesOf(store);
  const shape: ProfileShape = {
    Path: profile.Path,
    InstanceProfileName: profile.InstanceProfileName,
    InstanceProfileId: profile.InstanceProfileId,
    Arn: profile.Arn,
    CreateDate: profile.CreateDate,
    Roles: profile.roles.flatMap((name) => {
      const role = roles.get(nameKey(name));
      return role ? [roleShape(role, "profile")] : [];
    }),
  };
  if (tags === "always") shape.Tags = profile.Tags ?? [];
  if (tags === "given" && profile.Tags?.length) shape.Tags = profile.Tags;
  return shape;
}

export const CreateInstanceProfile: Operation<{ InstanceProfileName: string; Path?: string; Tags?: Tag[] }, { InstanceProfile: ProfileShape }> = ({ input, caller, store, clock }) => {
  const path = checkPath(input.Path);
  const tags = initialTags(input.Tags, tagRules.instanceProfile);
  const profiles = profilesOf(store);
  if (profiles.has(nameKey(input.InstanceProfileName))) {
    throw awsError("iam", "EntityAlreadyExists", `Instance Profile ${input.InstanceProfileName} already exists.`);
  }
  const profile = profiles.put(nameKey(input.InstanceProfileName), {
    InstanceProfileName: input.InstanceProfileName,
    InstanceProfileId: uniqueId("AIPA"),
    Arn: iamArn(store, "instance-profile", path, input.InstanceProfileName),
    Path: path,
    CreateDate: clock.now().toISOString(),
    roles: [],
    Tags: tags,
  });
  return { InstanceProfile: profileShape(store, profile, "given") };
};

export const GetInstanceProfile: Operation<{ InstanceProfileName: string }, { InstanceProfile: ProfileShape }> = ({ input, store }) =>
  ({ InstanceProfile: profileShape(store, requireProfile(store, input.InstanceProfileName), "always") });

export const DeleteInstanceProfile: Operation<{ InstanceProfileName: string }, Record<string, never>> = ({ input, store }) => {
  const profile = requireProfile(store, input.InstanceProfileName);
  if (profile.roles.length > 0) throw iamErrors.deleteConflict("remove roles from instance profile");
  profilesOf(store).delete(nameKey(profile.InstanceProfileName));
  return {};
};

type ProfileList = { InstanceProfiles: ProfileShape[]; IsTruncated: boolean; Marker?: string };

export const ListInstanceProfiles: Operation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, ProfileList> = ({ input, store }) => {
  const prefix = input.PathPrefix ?? "/";
  const { items, IsTruncated, Marker } = pageOf(profilesOf(store), input, (p) => p.Path.startsWith(prefix), (p) => profileShape(store, p, "never"));
  return { InstanceProfiles: items, IsTruncated, Marker };
};

export const ListInstanceProfilesForRole: Operation<{ RoleName: string; Marker?: string; MaxItems?: number }, ProfileList> = ({ input, store }) => {
  const role = requireRole(store, input.RoleName);
  const profiles = profilesOf(store);
  const { items, IsTruncated, Marker } = relationPage(iamTables.roleInstanceProfiles(store), nameKey(role.RoleName), input, (row) => {
    const profile = profiles.get(nameKey(row.InstanceProfileName));
    return profile && profileShape(store, profile, "never");
  });
  return { InstanceProfiles: items, IsTruncated, Marker };
};

export const AddRoleToInstanceProfile: Operation<{ InstanceProfileName: string; RoleName: string }, Record<string, never>> = ({ input, store }) => {
  const profile = requireProfile(store, input.InstanceProfileName);
  const role = requireRole(store, input.RoleName);
  if (profile.roles.length >= ROLES_PER_PROFILE) throw iamErrors.limitExceeded("InstanceSessionsPerInstanceProfile", ROLES_PER_PROFILE);
  profilesOf(store).put(nameKey(profile.InstanceProfileName), { ...profile, roles: [...profile.roles, role.RoleName] });
  iamTables.roleInstanceProfiles(store).put(relationKey(nameKey(role.RoleName), nameKey(profile.InstanceProfileName)), {
    RoleName: role.RoleName, InstanceProfileName: profile.InstanceProfileName,
  });
  return {};
};

export const RemoveRoleFromInstanceProfile: Operation<{ InstanceProfileName: string; RoleName: string }, Record<string, never>> = ({ input, store }) => {
  const profile = requireProfile(store, input.InstanceProfileName);
  const role = requireRole(store, input.RoleName);
  const kept = profile.roles.filter((name) => nameKey(name) !== nameKey(role.RoleName));
  if (kept.length === profile.roles.length) {
    throw awsError("iam", "NoSuchEntity", `Role ${role.RoleName} in Instance Profile ${profile.InstanceProfileName} cannot be found.`);
  }
  profilesOf(store).put(nameKey(profile.InstanceProfileName), { ...profile, roles: kept });
  iamTables.roleInstanceProfiles(store).delete(relationKey(nameKey(role.RoleName), nameKey(profile.InstanceProfileName)));
  return {};
};

export const TagInstanceProfile: Operation<{ InstanceProfileName: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const profile = requireProfile(store, input.InstanceProfileName);
  profilesOf(store).put(nameKey(profile.InstanceProfileName), { ...profile, Tags: mergeTags(profile.Tags, input.Tags, tagRules.instanceProfile) });
  return {};
};

export const UntagInstanceProfile: Operation<{ InstanceProfileName: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const profile = requireProfile(store, input.InstanceProfileName);
  profilesOf(store).put(nameKey(profile.InstanceProfileName), { ...profile, Tags: removeTags(profile.Tags, input.TagKeys, tagRules.instanceProfile) });
  return {};
};

export const ListInstanceProfileTags: Operation<{ InstanceProfileName: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireProfile(store, input.InstanceProfileName).Tags, input, tagRules.instanceProfile);

export const operations = {
  CreateInstanceProfile, GetInstanceProfile, DeleteInstanceProfile, ListInstanceProfiles, ListInstanceProfilesForRole,
  AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile, TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags,
} satisfies Readonly<Record<string, Operation>>;

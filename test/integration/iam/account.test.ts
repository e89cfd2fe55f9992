// Account-wide IAM operations through SDK v3 against the spawned CLI: password policy, aliases, the account
// summary, authorization details across every family's tables, the credential report, and the families
// answered with empty lists.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, CreateGroupCommand, AddUserToGroupCommand, CreateRoleCommand,
  CreatePolicyCommand, AttachUserPolicyCommand, AttachRolePolicyCommand, PutUserPolicyCommand, PutGroupPolicyCommand,
  CreateInstanceProfileCommand, AddRoleToInstanceProfileCommand, CreateAccessKeyCommand, CreateLoginProfileCommand,
  CreateVirtualMFADeviceCommand, CreateOpenIDConnectProviderCommand,
  UpdateAccountPasswordPolicyCommand, GetAccountPasswordPolicyCommand, DeleteAccountPasswordPolicyCommand,
  CreateAccountAliasCommand, DeleteAccountAliasCommand, ListAccountAliasesCommand, GetAccountSummaryCommand,
  GetAccountAuthorizationDetailsCommand, GenerateCredentialReportCommand, GetCredentialReportCommand,
  ListServiceSpecificCredentialsCommand, ListSigningCertificatesCommand, UploadSigningCertificateCommand, UpdateSigningCertificateCommand, ListSSHPublicKeysCommand,
  ListServerCertificatesCommand, type GetAccountAuthorizationDetailsCommandOutput,
} from "@aws-sdk/client-iam";
import { rsaKey, selfSigned } from "./x509-fixtures.js";
import { useEmulator } from "../../support/emulator.js";
import { EC2_TRUST_POLICY } from "../../support/iam-users.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);
const ACCOUNT = "000000000000";

describe("account password policy", () => {
  it("before one is set, Get and Delete answer NoSuchEntity 404 with AWS's two messages", async () => {
    await assert.rejects(iam().send(new GetAccountPasswordPolicyCommand({})),
      rejectsWith("NoSuchEntity", 404, `The Password Policy with domain name ${ACCOUNT} cannot be found.`));
    await assert.rejects(iam().send(new DeleteAccountPasswordPolicyCommand({})),
      rejectsWith("NoSuchEntity", 404, "The account policy with name PasswordPolicy cannot be found."));
  });

  it("Update replaces the whole policy; Get answers every field, ExpirePasswords derived from MaxPasswordAge", async () => {
    await iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, MaxPasswordAge: 90, PasswordReusePrevention: 5, HardExpiry: false }));
    assert.deepEqual((await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: false, RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false, AllowUsersToChangePassword: false, ExpirePasswords: true, MaxPasswordAge: 90,
      PasswordReusePrevention: 5, HardExpiry: false,
    });
    await iam().send(new UpdateAccountPasswordPolicyCommand({ RequireNumbers: true, AllowUsersToChangePassword: true }));
    assert.deepEqual((await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
      MinimumPasswordLength: 6, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false, AllowUsersToChangePassword: true, ExpirePasswords: false,
    });
  });

  it("out-of-range values are ValidationError and leave the policy as it was", async () => {
    await assert.rejects(iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 5 })), rejectsWith("ValidationError", 400,
      "1 validation error detected: Value '5' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value greater than or equal to 6"));
    await assert.rejects(iam().send(new UpdateAccountPasswordPolicyCommand({ PasswordReusePrevention: 25 })), rejectsWith("ValidationError", 400));
    assert.equal((await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!.MinimumPasswordLength, 6);
  });

  it("Delete removes it", async () => {
    await iam().send(new DeleteAccountPasswordPolicyCommand({}));
    await assert.rejects(iam().send(new GetAccountPasswordPolicyCommand({})), rejectsWith("NoSuchEntity", 404));
  });
});

describe("account aliases", () => {
  it("an account has at most one alias: creating another replaces it", async () => {
    assert.deepEqual((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    await iam().send(new CreateAccountAliasCommand({ AccountAlias: "my-corp" }));
    assert.deepEqual((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases, ["my-corp"]);
    await iam().send(new CreateAccountAliasCommand({ AccountAlias: "my-corp-2" }));
    const out = await iam().send(new ListAccountAliasesCommand({}));
    assert.deepEqual(out.AccountAliases, ["my-corp-2"]);
    assert.equal(out.IsTruncated, false);
  });

  it("aliases that break AWS's pattern are ValidationError and change nothing", async () => {
    for (const AccountAlias of ["My_Corp", "-corp", "corp--x", "ab"]) {
      await assert.rejects(iam().send(new CreateAccountAliasCommand({ AccountAlias })), rejectsWith("ValidationError", 400), AccountAlias);
    }
    assert.deepEqual((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases, ["my-corp-2"]);
  });

  it("deleting an alias the account does not have is NoSuchEntity 404; deleting its own empties the list", async () => {
    await assert.rejects(iam().send(new DeleteAccountAliasCommand({ AccountAlias: "my-corp" })),
      rejectsWith("NoSuchEntity", 404, "The account alias my-corp cannot be found."));
    await iam().send(new DeleteAccountAliasCommand({ AccountAlias: "my-corp-2" }));
    assert.deepEqual((await iam().send(new ListAccountAliasesCommand({}))).AccountAliases, []);
  });
});

const READ = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const LOCAL = `arn:aws:iam::${ACCOUNT}:policy/local-read`;

describe("authorization details and summary", () => {
  it("setup: users, a group, a role with an instance profile, inline and attached policies", async () => {
    await iam().send(new CreateUserCommand({ UserName: "ada", Path: "/eng/", Tags: [{ Key: "team", Value: "core" }] }));
    await iam().send(new CreateUserCommand({ UserName: "bea" }));
    await iam().send(new CreateGroupCommand({ GroupName: "devs" }));
    await iam().send(new AddUserToGroupCommand({ GroupName: "devs", UserName: "ada" }));
    await iam().send(new PutUserPolicyCommand({ UserName: "ada", PolicyName: "inline-ada", PolicyDocument: READ }));
    await iam().send(new PutGroupPolicyCommand({ GroupName: "devs", PolicyName: "inline-devs", PolicyDocument: READ }));
    await iam().send(new CreatePolicyCommand({ PolicyName: "local-read", PolicyDocument: READ }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "ada", PolicyArn: LOCAL }));
    await iam().send(new AttachUserPolicyCommand({ UserName: "ada", PolicyArn: READ_ONLY }));
    await iam().send(new CreateRoleCommand({ RoleName: "app-role", AssumeRolePolicyDocument: EC2_TRUST_POLICY }));
    await iam().send(new AttachRolePolicyCommand({ RoleName: "app-role", PolicyArn: LOCAL }));
    await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: "app-profile" }));
    await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: "app-profile", RoleName: "app-role" }));
  });

  it("GetAccountAuthorizationDetails answers every list with relations, documents URL-encoded", async () => {
    const out = await iam().send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(out.IsTruncated, false);
    assert.deepEqual(out.UserDetailList!.map((u) => u.UserName), ["ada", "bea"]);
    const ada = out.UserDetailList![0]!;
    assert.equal(ada.Arn, `arn:aws:iam::${ACCOUNT}:user/eng/ada`);
    assert.equal(ada.Path, "/eng/");
    assert.deepEqual(ada.GroupList, ["devs"]);
    assert.deepEqual(ada.UserPolicyList, [{ PolicyName: "inline-ada", PolicyDocument: encodeURIComponent(READ) }]);
    assert.deepEqual(new Set(ada.AttachedManagedPolicies!.map((p) => `${p.PolicyName} ${p.PolicyArn}`)),
      new Set([`local-read ${LOCAL}`, `ReadOnlyAccess ${READ_ONLY}`]));
    assert.deepEqual(ada.Tags, [{ Key: "team", Value: "core" }]);
    const bea = out.UserDetailList![1]!;
    assert.deepEqual([bea.GroupList, bea.UserPolicyList, bea.AttachedManagedPolicies, bea.Tags], [[], [], [], undefined]);

    assert.deepEqual(out.GroupDetailList!.map((g) => [g.GroupName, g.GroupPolicyList, g.AttachedManagedPolicies]),
      [["devs", [{ PolicyName: "inline-devs", PolicyDocument: encodeURIComponent(READ) }], []]]);

    const role = out.RoleDetailList!.find((r) => r.RoleName === "app-role")!;
    assert.equal(role.AssumeRolePolicyDocument, encodeURIComponent(EC2_TRUST_POLICY));
    assert.deepEqual(role.AttachedManagedPolicies, [{ PolicyName: "local-read", PolicyArn: LOCAL }]);
    assert.deepEqual(role.InstanceProfileList!.map((p) => [p.InstanceProfileName, p.Roles!.map((r) => r.RoleName)]), [["app-profile", ["app-role"]]]);
    assert.deepEqual(role.RolePolicyList, []);

    const local = out.Policies!.find((p) => p.Arn === LOCAL)!;
    assert.equal(local.AttachmentCount, 2);
    assert.equal(local.PermissionsBoundaryUsageCount, 0);
    assert.equal(local.DefaultVersionId, "v1");
    assert.deepEqual(local.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document]), [["v1", true, encodeURIComponent(READ)]]);
    const aws = out.Policies!.filter((p) => p.Arn!.startsWith("arn:aws:iam::aws:"));
    assert.deepEqual(aws.map((p) => [p.PolicyName, p.AttachmentCount, p.Path]), [["ReadOnlyAccess", 1, "/"]], "AWS-managed policies only when attached");
    assert.equal(aws[0]!.PolicyVersionList!.length, 1);
    assert.equal(aws[0]!.PolicyVersionList![0]!.IsDefaultVersion, true);
    assert.ok(JSON.parse(decodeURIComponent(aws[0]!.PolicyVersionList![0]!.Document!)).Statement);
  });

  it("Filter narrows to the lists asked for", async () => {
    const roles = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Role"] }));
    assert.deepEqual([roles.UserDetailList, roles.GroupDetailList, roles.Policies], [[], [], []]);
    assert.ok(roles.RoleDetailList!.some((r) => r.RoleName === "app-role"));
    const awsOnly = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["AWSManagedPolicy"] }));
    assert.deepEqual(awsOnly.Policies!.map((p) => p.Arn), [READ_ONLY]);
    const local = await iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["LocalManagedPolicy", "User"] }));
    assert.deepEqual([local.UserDetailList!.length, local.RoleDetailList!.length, local.Policies!.map((p) => p.Arn)], [2, 0, [LOCAL]]);
    await assert.rejects(iam().send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Everything" as "User"] })), rejectsWith("ValidationError", 400));
  });

  it("MaxItems/Marker page across the combined lists and visit each entry once", async () => {
    const whole = await iam().send(new GetAccountAuthorizationDetailsCommand({}));
    const names = (o: GetAccountAuthorizationDetailsCommandOutput) => [
      ...o.UserDetailList!.map((u) => `user:${u.UserName}`), ...o.GroupDetailList!.map((g) => `group:${g.GroupName}`),
      ...o.RoleDetailList!.map((r) => `role:${r.RoleName}`), ...o.Policies!.map((p) => `policy:${p.Arn}`),
    ];
    const paged: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const out = await iam().send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 2, Marker: marker }));
      pages++;
      paged.push(...names(out));
      assert.equal(out.IsTruncated, out.Marker !== undefined);
      marker = out.Marker;
    } while (marker);
    assert.deepEqual(paged, names(whole));
    assert.equal(pages, Math.ceil(paged.length / 2));
    await assert.rejects(iam().send(new GetAccountAuthorizationDetailsCommand({ Marker: "bm90LWEtbWFya2Vy" })), rejectsWith("ValidationError", 400));
  });

  it("GetAccountSummary counts the tables and answers AWS's quotas, every key the model lists", async () => {
    await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: "spare" }));
    await iam().send(new CreateOpenIDConnectProviderCommand({ Url: "https://issuer.example.com", ThumbprintList: ["a".repeat(40)] }));
    const map = (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.deepEqual(Object.keys(map).sort(), [
      "AccessKeysPerUserQuota", "AccountAccessKeysPresent", "AccountMFAEnabled", "AccountPasswordPresent",
      "AccountSigningCertificatesPresent", "AssumeRolePolicySizeQuota", "AttachedPoliciesPerGroupQuota",
      "AttachedPoliciesPerRoleQuota", "AttachedPoliciesPerUserQuota", "GlobalEndpointTokenVersion", "GroupPolicySizeQuota",
      "Groups", "GroupsPerUserQuota", "GroupsQuota", "InstanceProfiles", "InstanceProfilesQuota", "MFADevices",
      "MFADevicesInUse", "Policies", "PoliciesQuota", "PolicySizeQuota", "PolicyVersionsInUse", "PolicyVersionsInUseQuota",
      "Providers", "RolePolicySizeQuota", "Roles", "RolesQuota", "ServerCertificates", "ServerCertificatesQuota",
      "SigningCertificatesPerUserQuota", "UserPolicySizeQuota", "Users", "UsersQuota", "VersionsPerPolicyQuota",
    ]);
    assert.deepEqual(
      [map.Users, map.Groups, map.Roles, map.Policies, map.PolicyVersionsInUse, map.InstanceProfiles, map.MFADevices, map.MFADevicesInUse, map.Providers],
      [2, 1, 1, 1, 3, 1, 1, 0, 1]);
    assert.deepEqual([map.UsersQuota, map.GroupsQuota, map.RolesQuota, map.PoliciesQuota, map.PolicySizeQuota, map.VersionsPerPolicyQuota, map.AccessKeysPerUserQuota],
      [5000, 300, 1000, 1500, 6144, 5, 2]);
  });
});

describe("credential report", () => {
  it("before any generation GetCredentialReport is ReportNotPresent 410, without a message as AWS sends it", async () => {
    // SDK v3 fills a missing message with "UnknownError" (botocore prints "Unknown").
    await assert.rejects(iam().send(new GetCredentialReportCommand({})), rejectsWith("ReportNotPresent", 410, "UnknownError"));
  });

  it("GenerateCredentialReport answers STARTED, then COMPLETE while the report is fresh", async () => {
    await iam().send(new CreateLoginProfileCommand({ UserName: "bea", Password: "Report-Pass-1" }));
    await iam().send(new CreateAccessKeyCommand({ UserName: "bea" }));
    const cert = await iam().send(new UploadSigningCertificateCommand({ UserName: "bea", CertificateBody: selfSigned("bea signer", 30, rsaKey(1024)).cert }));
    await iam().send(new UpdateSigningCertificateCommand({ UserName: "bea", CertificateId: cert.Certificate!.CertificateId, Status: "Inactive" }));
    const first = await iam().send(new GenerateCredentialReportCommand({}));
    assert.deepEqual([first.State, first.Description], ["STARTED", "No report exists. Starting a new report generation task"]);
    assert.equal((await iam().send(new GenerateCredentialReportCommand({}))).State, "COMPLETE");
  });

  it("GetCredentialReport answers a CSV with AWS's columns, the root account first, then each user", async () => {
    const out = await iam().send(new GetCredentialReportCommand({}));
    assert.equal(out.ReportFormat, "text/csv");
    assert.ok(out.GeneratedTime instanceof Date);
    const lines = Buffer.from(out.Content!).toString("utf8").split("\n");
    assert.equal(lines[0], "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,"
      + "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
      + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
      + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated");
    const rows = lines.slice(1).map((l) => l.split(","));
    assert.deepEqual(rows.map((r) => r[0]), ["<root_account>", "ada", "bea"]);
    assert.deepEqual(rows.map((r) => r.length), [22, 22, 22]);
    assert.deepEqual(rows[0]!.slice(0, 8), ["<root_account>", `arn:aws:iam::${ACCOUNT}:root`, "1970-01-01T00:00:00+00:00", "not_supported", "no_information", "not_supported", "not_supported", "false"]);
    // No root access keys were created (the configured test/test root credentials are not IAM access keys).
    assert.deepEqual(rows[0]!.slice(8, 10), ["false", "N/A"]);
    const ada = rows[1]!;
    assert.deepEqual([ada[1], ada[3], ada[4], ada[5], ada[6], ada[7], ada[8], ada[9]], [`arn:aws:iam::${ACCOUNT}:user/eng/ada`, "false", "N/A", "N/A", "N/A", "false", "false", "N/A"]);
    assert.match(ada[2]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    const bea = rows[2]!;
    assert.deepEqual([bea[3], bea[4], bea[6], bea[8], bea[10], bea[13], bea[20], bea[21]], ["true", "no_information", "N/A", "true", "N/A", "false", "false", "N/A"]);
    // cert_1_*: bea's signing certificate, inactive, with its upload time (the report-format page of the IAM User Guide).
    assert.equal(bea[18], "false", "cert_1_active");
    assert.match(bea[19]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/, "cert_1_last_rotated");
    assert.deepEqual([ada[18], ada[19]], ["false", "N/A"]);
    assert.match(bea[5]!, /\+00:00$/, "password_last_changed");
    assert.match(bea[9]!, /\+00:00$/, "access_key_1_last_rotated");
  });
});

describe("credential families before anything is uploaded", () => {
  it("List* of service credentials, signing certificates, SSH keys and server certificates are empty", async () => {
    assert.deepEqual((await iam().send(new ListServiceSpecificCredentialsCommand({ UserName: "ada" }))).ServiceSpecificCredentials, []);
    assert.deepEqual((await iam().send(new ListSigningCertificatesCommand({ UserName: "ada" }))).Certificates, []);
    assert.deepEqual((await iam().send(new ListSSHPublicKeysCommand({ UserName: "ada" }))).SSHPublicKeys, []);
    assert.deepEqual((await iam().send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList, []);
    await assert.rejects(iam().send(new ListSSHPublicKeysCommand({ UserName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
  });
});

// How layers combine, how Action/Resource/Principal match, and AWS's documented example policies.
// One group per AWS documentation page; every row checks evaluate() and explain() agree.
import { describe } from "node:test";
import { A, B, allow, allowAll, anonymous, deny, federatedUser, policy, request, root, runRows, service, session, user, type Row } from "./case-table.js";

const EVAL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";

describe(`Explicit deny, explicit allow, implicit deny — ${EVAL}`, () => {
  const idAllow = policy("identity", [allow("s3:GetObject")]);
  const idDeny = policy("identity", [deny("s3:GetObject")]);
  const idOther = policy("identity", [allow("s3:PutObject")]);
  const rows: Row[] = [
    { name: "no policies at all: implicit deny", set: { identity: [] }, req: request(), expect: "implicitDeny", layer: "identity" },
    { name: "an identity Allow grants", set: { identity: [idAllow] }, req: request(), expect: "allowed", layer: "identity" },
    { name: "an Allow for another action does not", set: { identity: [idOther] }, req: request(), expect: "implicitDeny", layer: "identity" },
    { name: "Deny beats Allow in another policy", set: { identity: [idAllow, idDeny] }, req: request(), expect: "explicitDeny", layer: "identity" },
    { name: "Deny beats Allow in the same policy", set: { identity: [policy("identity", [allow("s3:*"), deny("s3:GetObject")])] }, req: request(), expect: "explicitDeny" },
    { name: "Deny for another action leaves the Allow", set: { identity: [policy("identity", [allow("s3:*"), deny("s3:PutObject")])] }, req: request(), expect: "allowed" },
    { name: "Deny alone is still a deny", set: { identity: [idDeny] }, req: request(), expect: "explicitDeny" },
    { name: "Deny whose condition fails does not apply", set: { identity: [idAllow, policy("identity", [deny("*", "*", { Condition: { Bool: { "aws:SecureTransport": "false" } } })])] }, req: request({ context: { "aws:SecureTransport": true } }), expect: "allowed" },
    { name: "Deny whose condition holds applies", set: { identity: [idAllow, policy("identity", [deny("*", "*", { Condition: { Bool: { "aws:SecureTransport": "false" } } })])] }, req: request({ context: { "aws:SecureTransport": false } }), expect: "explicitDeny" },
    { name: "Allow whose condition fails: implicit deny", set: { identity: [policy("identity", [allow("s3:*", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })])] }, req: request({ context: { "aws:RequestedRegion": "us-east-1" } }), expect: "implicitDeny" },
    { name: "several Allow statements: any one suffices", set: { identity: [policy("identity", [allow("ec2:*"), allow("s3:Get*")])] }, req: request(), expect: "allowed" },
    { name: "group policies count as identity policies", set: { identity: [idOther, idAllow] }, req: request(), expect: "allowed" },
    { name: "Statement as a single object", set: { identity: [policy("identity", allow("s3:GetObject") as never)] }, req: request(), expect: "allowed" },
    { name: "assumed-role session: role policies allow", set: { identity: [idAllow] }, req: request({ principal: session() }), expect: "allowed" },
    { name: "assumed-role session: nothing allows", set: { identity: [idOther] }, req: request({ principal: session() }), expect: "implicitDeny" },
    { name: "federated user: user's policies allow", set: { identity: [idAllow] }, req: request({ principal: federatedUser() }), expect: "allowed" },
  ];
  runRows(rows);
});

const ROOT = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html";

describe(`The root user — ${ROOT}`, () => {
  const scpAll = policy("scp", [allowAll]);
  const rows: Row[] = [
    { name: "root needs no identity policy", set: { identity: [] }, req: request({ principal: root() }), expect: "allowed", layer: "identity" },
    { name: "root: IAM actions too", set: { identity: [] }, req: request({ principal: root(), action: "iam:CreateUser", resource: `arn:aws:iam::${A}:user/x` }), expect: "allowed" },
    { name: "root is still limited by an SCP deny", set: { identity: [], scps: [scpAll, policy("scp", [deny("iam:*")])] }, req: request({ principal: root(), action: "iam:CreateUser" }), expect: "explicitDeny", layer: "scp" },
    { name: "root is limited by an SCP that does not allow", set: { identity: [], scps: [policy("scp", [allow("ec2:*")])] }, req: request({ principal: root() }), expect: "implicitDeny", layer: "scp" },
    { name: "root with an SCP that allows", set: { identity: [], scps: [scpAll] }, req: request({ principal: root() }), expect: "allowed" },
    { name: "root denied by a resource policy Deny", set: { identity: [], resource: [policy("resource", [{ ...deny("s3:*"), Principal: "*" }])] }, req: request({ principal: root() }), expect: "explicitDeny", layer: "resource" },
    { name: "root of another account needs the resource policy", set: { identity: [] }, req: request({ principal: root(B), resourceAccount: A }), expect: "implicitDeny", layer: "resource" },
    { name: "root of another account named by account id", set: { identity: [], resource: [policy("resource", [{ ...allow("s3:*"), Principal: { AWS: B } }])] }, req: request({ principal: root(B), resourceAccount: A }), expect: "allowed" },
  ];
  runRows(rows);
});

const BASICS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html";

describe(`Resource-based policies within one account — ${BASICS}`, () => {
  const rp = (principal: unknown, extra = {}) => policy("resource", [{ ...allow("s3:GetObject", "arn:aws:s3:::bucket/*"), Principal: principal, ...extra }]);
  const boundaryNone = policy("boundary", [allow("ec2:*")]);
  const sessNone = policy("session", [allow("ec2:*")]);
  const rows: Row[] = [
    { name: "policy naming the user grants without an identity policy", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: request(), expect: "allowed", layer: "resource" },
    { name: "naming the user: a permissions boundary does not limit it", set: { identity: [], boundary: [boundaryNone], resource: [rp({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: request(), expect: "allowed", layer: "resource" },
    { name: "naming another user does not grant", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:user/bob` })] }, req: request(), expect: "implicitDeny", layer: "identity" },
    { name: "naming another user: identity policy still grants", set: { identity: [policy("identity", [allow("s3:*")])], resource: [rp({ AWS: `arn:aws:iam::${A}:user/bob` })] }, req: request(), expect: "allowed", layer: "identity" },
    { name: "naming the account needs an identity policy", set: { identity: [], resource: [rp({ AWS: A })] }, req: request(), expect: "implicitDeny", layer: "identity" },
    { name: "naming the account (root ARN) needs an identity policy", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:root` })] }, req: request(), expect: "implicitDeny" },
    { name: "naming the account plus an identity Allow", set: { identity: [policy("identity", [allow("s3:GetObject")])], resource: [rp({ AWS: A })] }, req: request(), expect: "allowed" },
    { name: "naming the session ARN grants on its own", set: { identity: [], resource: [rp({ AWS: `arn:aws:sts::${A}:assumed-role/Dev/s1` })] }, req: request({ principal: session() }), expect: "allowed", layer: "resource" },
    { name: "naming the session ARN: session policy does not limit it", set: { identity: [], session: [sessNone], resource: [rp({ AWS: `arn:aws:sts::${A}:assumed-role/Dev/s1` })] }, req: request({ principal: session() }), expect: "allowed" },
    { name: "naming the session ARN: boundary does not limit it", set: { identity: [], boundary: [boundaryNone], resource: [rp({ AWS: `arn:aws:sts::${A}:assumed-role/Dev/s1` })] }, req: request({ principal: session() }), expect: "allowed" },
    { name: "naming the role grants its sessions without identity policy", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:role/Dev` })] }, req: request({ principal: session() }), expect: "allowed", layer: "resource" },
    { name: "naming the role: the role's boundary still limits", set: { identity: [], boundary: [boundaryNone], resource: [rp({ AWS: `arn:aws:iam::${A}:role/Dev` })] }, req: request({ principal: session() }), expect: "implicitDeny", layer: "boundary" },
    { name: "naming the role: session policies still limit", set: { identity: [], session: [sessNone], resource: [rp({ AWS: `arn:aws:iam::${A}:role/Dev` })] }, req: request({ principal: session() }), expect: "implicitDeny", layer: "session" },
    { name: "naming the role: boundary that allows", set: { identity: [], boundary: [policy("boundary", [allow("s3:*")])], resource: [rp({ AWS: `arn:aws:iam::${A}:role/Dev` })] }, req: request({ principal: session() }), expect: "allowed" },
    { name: "naming another role's session does not match", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:role/Ops` })] }, req: request({ principal: session() }), expect: "implicitDeny" },
    { name: "naming the federated user grants", set: { identity: [], resource: [rp({ AWS: `arn:aws:sts::${A}:federated-user/fed` })] }, req: request({ principal: federatedUser() }), expect: "allowed" },
    { name: "resource policy Deny for the user beats identity Allow", set: { identity: [policy("identity", [allowAll])], resource: [policy("resource", [{ ...deny("s3:*"), Principal: { AWS: `arn:aws:iam::${A}:user/alice` } }])] }, req: request(), expect: "explicitDeny", layer: "resource" },
    { name: "resource policy Deny for someone else does not apply", set: { identity: [policy("identity", [allowAll])], resource: [policy("resource", [{ ...deny("s3:*"), Principal: { AWS: `arn:aws:iam::${A}:user/bob` } }])] }, req: request(), expect: "allowed" },
    { name: "identity Deny beats a resource policy naming the user", set: { identity: [policy("identity", [deny("s3:*")])], resource: [rp({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: request(), expect: "explicitDeny", layer: "identity" },
    { name: "Principal * grants the user (boundary absent)", set: { identity: [], resource: [rp("*")] }, req: request(), expect: "allowed", layer: "resource" },
    { name: "Principal * with the user's boundary not allowing", set: { identity: [], boundary: [boundaryNone], resource: [rp("*")] }, req: request(), expect: "implicitDeny", layer: "boundary" },
    { name: "resource policy for another resource does not grant", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: request({ resource: "arn:aws:s3:::other/key" }), expect: "implicitDeny" },
    { name: "resource policy condition fails", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:user/alice` }, { Condition: { Bool: { "aws:SecureTransport": "true" } } })] }, req: request({ context: { "aws:SecureTransport": false } }), expect: "implicitDeny" },
    { name: "resource policy condition holds", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:user/alice` }, { Condition: { Bool: { "aws:SecureTransport": "true" } } })] }, req: request({ context: { "aws:SecureTransport": true } }), expect: "allowed" },
  ];
  runRows(rows);
});

const XACCT = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html";

describe(`Cross-account requests need both sides — ${XACCT}`, () => {
  const bob = user("bob", B);
  const idAllow = policy("identity", [allow("s3:GetObject", "arn:aws:s3:::bucket/*")]);
  const rp = (principal: unknown) => policy("resource", [{ ...allow("s3:GetObject", "arn:aws:s3:::bucket/*"), Principal: principal }]);
  const x = (over = {}) => request({ principal: bob, resourceAccount: A, ...over });
  const rows: Row[] = [
    { name: "identity Allow alone is not enough", set: { identity: [idAllow] }, req: x(), expect: "implicitDeny", layer: "resource" },
    { name: "resource policy naming the account alone is not enough", set: { identity: [], resource: [rp({ AWS: B })] }, req: x(), expect: "implicitDeny", layer: "identity" },
    { name: "resource policy naming the user alone is not enough", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${B}:user/bob` })] }, req: x(), expect: "implicitDeny", layer: "identity" },
    { name: "both sides allow (account principal)", set: { identity: [idAllow], resource: [rp({ AWS: B })] }, req: x(), expect: "allowed" },
    { name: "both sides allow (user principal)", set: { identity: [idAllow], resource: [rp({ AWS: `arn:aws:iam::${B}:user/bob` })] }, req: x(), expect: "allowed" },
    { name: "both sides allow (Principal *)", set: { identity: [idAllow], resource: [rp("*")] }, req: x(), expect: "allowed" },
    { name: "resource policy names a different account", set: { identity: [idAllow], resource: [rp({ AWS: A })] }, req: x(), expect: "implicitDeny", layer: "resource" },
    { name: "resource policy Deny wins", set: { identity: [idAllow], resource: [rp({ AWS: B }), policy("resource", [{ ...deny("s3:*"), Principal: { AWS: B } }])] }, req: x(), expect: "explicitDeny", layer: "resource" },
    { name: "identity Deny wins", set: { identity: [idAllow, policy("identity", [deny("s3:*")])], resource: [rp({ AWS: B })] }, req: x(), expect: "explicitDeny", layer: "identity" },
    { name: "boundary of the caller still applies", set: { identity: [idAllow], boundary: [policy("boundary", [allow("ec2:*")])], resource: [rp({ AWS: B })] }, req: x(), expect: "implicitDeny", layer: "boundary" },
    { name: "role session from another account, role named", set: { identity: [idAllow], resource: [rp({ AWS: `arn:aws:iam::${B}:role/Dev` })] }, req: x({ principal: session("Dev", "s1", B) }), expect: "allowed" },
    { name: "role session from another account without identity Allow", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${B}:role/Dev` })] }, req: x({ principal: session("Dev", "s1", B) }), expect: "implicitDeny", layer: "identity" },
    { name: "same account when resourceAccount is omitted", set: { identity: [idAllow] }, req: request({ principal: bob }), expect: "allowed" },
  ];
  runRows(rows);
});

const PRINCIPAL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";

describe(`Principal forms — ${PRINCIPAL}`, () => {
  const rp = (principal: unknown) => policy("resource", [{ ...allow("s3:GetObject"), Principal: principal }]);
  const rows: Row[] = [
    { name: "\"*\" matches anonymous callers", set: { identity: [], resource: [rp("*")] }, req: request({ principal: anonymous() }), expect: "allowed", layer: "resource" },
    { name: "{AWS: \"*\"} matches anonymous callers", set: { identity: [], resource: [rp({ AWS: "*" })] }, req: request({ principal: anonymous() }), expect: "allowed" },
    { name: "anonymous without a resource policy", set: { identity: [] }, req: request({ principal: anonymous() }), expect: "implicitDeny", layer: "resource" },
    { name: "anonymous is not an account", set: { identity: [], resource: [rp({ AWS: A })] }, req: request({ principal: anonymous() }), expect: "implicitDeny" },
    { name: "service principal matches its service", set: { identity: [], resource: [rp({ Service: "lambda.amazonaws.com" })] }, req: request({ principal: service() }), expect: "allowed" },
    { name: "service principal list", set: { identity: [], resource: [rp({ Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] })] }, req: request({ principal: service() }), expect: "allowed" },
    { name: "service principal for another service", set: { identity: [], resource: [rp({ Service: "ec2.amazonaws.com" })] }, req: request({ principal: service() }), expect: "implicitDeny" },
    { name: "a service is not matched by an account", set: { identity: [], resource: [rp({ AWS: A })] }, req: request({ principal: service() }), expect: "implicitDeny" },
    { name: "a service is not bound by identity-side policies", set: { identity: [], scps: [policy("scp", [allow("ec2:*")])], resource: [rp({ Service: "lambda.amazonaws.com" })] }, req: request({ principal: service() }), expect: "allowed" },
    { name: "Federated (web identity provider)", set: { identity: [], resource: [rp({ Federated: "cognito-identity.amazonaws.com" })] }, req: request({ principal: { arn: "cognito-identity.amazonaws.com", accountId: A, type: "federated-user" } }), expect: "allowed" },
    { name: "Federated SAML provider ARN", set: { identity: [], resource: [rp({ Federated: `arn:aws:iam::${A}:saml-provider/Okta` })] }, req: request({ principal: { arn: `arn:aws:iam::${A}:saml-provider/Okta`, accountId: A, type: "federated-user" } }), expect: "allowed" },
    { name: "CanonicalUser", set: { identity: [], resource: [rp({ CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" })] }, req: request({ principal: { arn: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", accountId: A, type: "user" } }), expect: "allowed" },
    { name: "several AWS principals, the user among them", set: { identity: [], resource: [rp({ AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${A}:user/alice`] })] }, req: request(), expect: "allowed" },
    { name: "user ARN with a path", set: { identity: [], resource: [rp({ AWS: `arn:aws:iam::${A}:user/team/alice` })] }, req: request({ principal: { ...user(), arn: `arn:aws:iam::${A}:user/team/alice` } }), expect: "allowed" },
  ];
  runRows(rows);
});

const NOTPRINCIPAL = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";

describe(`NotPrincipal — ${NOTPRINCIPAL}`, () => {
  const denyAllBut = (principal: unknown) => policy("resource", [{ ...deny("s3:*"), NotPrincipal: principal }, { ...allow("s3:*"), Principal: "*" }]);
  const rows: Row[] = [
    { name: "Deny with NotPrincipal spares the named user and account", set: { identity: [], resource: [denyAllBut({ AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:root`] })] }, req: request(), expect: "allowed" },
    { name: "naming the user without its account still denies", set: { identity: [], resource: [denyAllBut({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: request(), expect: "explicitDeny", layer: "resource" },
    { name: "Deny with NotPrincipal denies everyone else", set: { identity: [], resource: [denyAllBut({ AWS: [`arn:aws:iam::${A}:user/alice`, A] })] }, req: request({ principal: user("bob") }), expect: "explicitDeny", layer: "resource" },
    { name: "naming the role and account without the session still denies", set: { identity: [], resource: [denyAllBut({ AWS: [`arn:aws:iam::${A}:role/Dev`, A] })] }, req: request({ principal: session() }), expect: "explicitDeny" },
    { name: "NotPrincipal Deny always covers a principal with a permissions boundary", set: { identity: [], boundary: [policy("boundary", [allowAll])], resource: [denyAllBut({ AWS: [`arn:aws:iam::${A}:user/alice`, A] })] }, req: request(), expect: "explicitDeny", layer: "resource" },
    { name: "NotPrincipal spares the named service", set: { identity: [], resource: [denyAllBut({ Service: "lambda.amazonaws.com" })] }, req: request({ principal: service() }), expect: "allowed" },
    { name: "NotPrincipal naming the role spares its sessions", set: { identity: [], resource: [denyAllBut({ AWS: [`arn:aws:iam::${A}:role/Dev`, `arn:aws:sts::${A}:assumed-role/Dev/s1`, A] })] }, req: request({ principal: session() }), expect: "allowed" },
    { name: "NotPrincipal naming the account spares its root", set: { identity: [], resource: [denyAllBut({ AWS: A })] }, req: request({ principal: root() }), expect: "allowed" },
    { name: "NotPrincipal denies anonymous callers", set: { identity: [], resource: [denyAllBut({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: request({ principal: anonymous() }), expect: "explicitDeny" },
    { name: "Allow with NotPrincipal grants everyone else", set: { identity: [], resource: [policy("resource", [{ ...allow("s3:*"), NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/bob`, A] } }])] }, req: request(), expect: "allowed" },
    { name: "Allow with NotPrincipal skips the named user", set: { identity: [], resource: [policy("resource", [{ ...allow("s3:*"), NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/alice`, A] } }])] }, req: request(), expect: "implicitDeny" },
  ];
  runRows(rows);
});

const ACTION = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html";

describe(`Action matching — ${ACTION}`, () => {
  const cases: [pattern: string | string[], action: string, allowed: boolean][] = [
    ["iam:GetUser", "iam:GetUser", true],
    ["iam:GetUser", "iam:getuser", true],
    ["IAM:GETUSER", "iam:GetUser", true],
    ["iam:GetUser", "iam:GetUserPolicy", false],
    ["iam:Get*", "iam:GetUser", true],
    ["iam:Get*", "iam:GetAccountSummary", true],
    ["iam:Get*", "iam:ListUsers", false],
    ["iam:get*", "IAM:GetRole", true],
    ["iam:*", "iam:DeleteRole", true],
    ["iam:*", "sts:AssumeRole", false],
    ["*", "sts:AssumeRole", true],
    ["*", "cognito-idp:AdminCreateUser", true],
    ["iam:*User", "iam:CreateUser", true],
    ["iam:*User", "iam:CreateUserX", false],
    ["iam:*User*", "iam:ListUserTags", true],
    ["iam:?etUser", "iam:GetUser", true],
    ["iam:?etUser", "iam:SetUser", true],
    ["iam:?etUser", "iam:GGetUser", false],
    ["s3:*Object", "s3:GetObject", true],
    ["s3:*Object", "s3:GetObjectAcl", false],
    [["sqs:SendMessage", "sqs:ReceiveMessage"], "sqs:ReceiveMessage", true],
    [["sqs:SendMessage", "sqs:ReceiveMessage"], "sqs:DeleteMessage", false],
    ["iam:List*", "iam:ListUsers", true],
    ["ec2:*", "ec2:RunInstances", true],
    ["ec2:Describe*", "ec2:RunInstances", false],
    ["sts:AssumeRole*", "sts:AssumeRoleWithWebIdentity", true],
    ["sts:AssumeRole", "sts:AssumeRoleWithSAML", false],
    ["cognito-idp:Admin*", "cognito-idp:AdminGetUser", true],
    ["cognito-idp:Admin*", "cognito-identity:AdminGetUser", false],
    ["s3:Get*", "s3express:GetObject", false],
  ];
  runRows(cases.map(([pattern, action, ok]) => ({
    name: `Action ${JSON.stringify(pattern)} vs ${action}`,
    set: { identity: [policy("identity", [allow(pattern)])] },
    req: request({ action }),
    expect: ok ? "allowed" : "implicitDeny",
  })));
});

const NOTACTION = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html";

describe(`NotAction — ${NOTACTION}`, () => {
  const allowAllBut = policy("identity", [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }]);
  const denyAllBut = policy("identity", [allowAll, { Effect: "Deny", NotAction: ["iam:*", "sts:GetSessionToken"], Resource: "*", Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } } }]);
  const rows: Row[] = [
    { name: "Allow + NotAction grants every other action", set: { identity: [allowAllBut] }, req: request({ action: "s3:GetObject" }), expect: "allowed" },
    { name: "Allow + NotAction does not grant the listed service", set: { identity: [allowAllBut] }, req: request({ action: "iam:CreateUser" }), expect: "implicitDeny" },
    { name: "Allow + NotAction is case-insensitive", set: { identity: [allowAllBut] }, req: request({ action: "IAM:CreateUser" }), expect: "implicitDeny" },
    { name: "Deny + NotAction without MFA denies other actions", set: { identity: [denyAllBut] }, req: request({ action: "ec2:RunInstances", context: { "aws:MultiFactorAuthPresent": false } }), expect: "explicitDeny" },
    { name: "Deny + NotAction without MFA spares listed actions", set: { identity: [denyAllBut] }, req: request({ action: "iam:ListUsers", context: { "aws:MultiFactorAuthPresent": false } }), expect: "allowed" },
    { name: "Deny + NotAction spares sts:GetSessionToken", set: { identity: [denyAllBut] }, req: request({ action: "sts:GetSessionToken", context: { "aws:MultiFactorAuthPresent": false } }), expect: "allowed" },
    { name: "Deny + NotAction with MFA does not apply", set: { identity: [denyAllBut] }, req: request({ action: "ec2:RunInstances", context: { "aws:MultiFactorAuthPresent": true } }), expect: "allowed" },
    { name: "Deny + NotAction, MFA key missing (long-term keys)", set: { identity: [denyAllBut] }, req: request({ action: "ec2:RunInstances" }), expect: "explicitDeny" },
    { name: "NotAction \"*\" covers nothing", set: { identity: [policy("identity", [{ Effect: "Allow", NotAction: "*", Resource: "*" }])] }, req: request(), expect: "implicitDeny" },
  ];
  runRows(rows);
});

const RESOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html";

describe(`Resource ARN matching, per segment — ${RESOURCE}`, () => {
  const cases: [pattern: string | string[], resource: string, allowed: boolean][] = [
    ["*", "arn:aws:s3:::bucket/key", true],
    ["*", "*", true],
    ["arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/key", true],
    ["arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/Key", false],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c", true],
    ["arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false],
    ["arn:aws:s3:::bucket*", "arn:aws:s3:::bucket/key", true],
    ["arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-2", true],
    ["arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", false],
    ["arn:aws:s3:::b?cket", "arn:aws:s3:::bucket", true],
    ["arn:aws:s3:::b?cket", "arn:aws:s3:::bcket", false],
    ["arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/alice", true],
    ["arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/path/alice", true],
    ["arn:aws:iam::111122223333:user/*", "arn:aws:iam::444455556666:user/alice", false],
    ["arn:aws:iam::*:user/alice", "arn:aws:iam::444455556666:user/alice", true],
    ["arn:aws:iam::111122223333:user/alice", "arn:aws:iam::111122223333:user/alice2", false],
    ["arn:aws:iam::111122223333:*", "arn:aws:iam::111122223333:role/x", true],
    ["arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", true],
    ["arn:aws:ec2:us-*-1:111122223333:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", true],
    ["arn:aws:ec2:us-*-1:111122223333:instance/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", false],
    ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:eu-west-1:111122223333:volume/v-1", false],
    ["arn:aws:sqs:*:111122223333:*", "arn:aws:sqs:eu-west-1:111122223333:q", true],
    ["arn:aws:logs:*:*:log-group:/app/*:*", "arn:aws:logs:us-east-1:111122223333:log-group:/app/web:log-stream:s1", true],
    ["arn:aws:logs:*:*:log-group:/app/*", "arn:aws:logs:us-east-1:111122223333:log-group:/other/web", false],
    ["arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:topic:sub-id", true],
    ["arn:aws:s3:::bucket/*", "*", false],
    ["arn:aws-cn:s3:::bucket/*", "arn:aws:s3:::bucket/x", false],
    ["arn:aws:cognito-idp:*:111122223333:userpool/*", "arn:aws:cognito-idp:eu-west-1:111122223333:userpool/eu-west-1_abc", true],
    [["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"], "arn:aws:s3:::b/x", true],
    [["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"], "arn:aws:s3:::c/x", false],
    ["arn:aws:iam::111122223333:role/app-*", "arn:aws:iam::111122223333:role/app-web", true],
    ["arn:aws:iam::111122223333:role/app-*", "arn:aws:iam::111122223333:role/db", false],
  ];
  runRows(cases.map(([pattern, resource, ok]) => ({
    name: `Resource ${JSON.stringify(pattern)} vs ${resource}`,
    set: { identity: [policy("identity", [allow("s3:GetObject", pattern)])] },
    req: request({ resource }),
    expect: ok ? "allowed" : "implicitDeny",
  })));
});

const NOTRESOURCE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html";

describe(`NotResource — ${NOTRESOURCE}`, () => {
  const allowBut = policy("identity", [{ Effect: "Allow", Action: "s3:*", NotResource: ["arn:aws:s3:::hrbucket/Payroll", "arn:aws:s3:::hrbucket/Payroll/*"] }]);
  const denyBut = policy("identity", [allowAll, { Effect: "Deny", Action: "s3:*", NotResource: ["arn:aws:s3:::public", "arn:aws:s3:::public/*"] }]);
  const rows: Row[] = [
    { name: "Allow + NotResource grants other resources", set: { identity: [allowBut] }, req: request({ resource: "arn:aws:s3:::hrbucket/Other" }), expect: "allowed" },
    { name: "Allow + NotResource excludes the listed resource", set: { identity: [allowBut] }, req: request({ resource: "arn:aws:s3:::hrbucket/Payroll" }), expect: "implicitDeny" },
    { name: "Allow + NotResource excludes the listed wildcard", set: { identity: [allowBut] }, req: request({ resource: "arn:aws:s3:::hrbucket/Payroll/2024.csv" }), expect: "implicitDeny" },
    { name: "Deny + NotResource denies everything else", set: { identity: [denyBut] }, req: request({ resource: "arn:aws:s3:::private/x" }), expect: "explicitDeny" },
    { name: "Deny + NotResource spares the listed bucket", set: { identity: [denyBut] }, req: request({ resource: "arn:aws:s3:::public/x" }), expect: "allowed" },
    { name: "NotResource \"*\" covers nothing", set: { identity: [policy("identity", [{ Effect: "Allow", Action: "*", NotResource: "*" }])] }, req: request(), expect: "implicitDeny" },
    { name: "Allow + NotResource with a non-ARN resource", set: { identity: [allowBut] }, req: request({ resource: "*" }), expect: "allowed" },
  ];
  runRows(rows);
});

const BOUNDARY = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html";

describe(`Permissions boundaries — ${BOUNDARY}`, () => {
  const id = policy("identity", [allow(["s3:*", "ec2:*", "iam:*"])]);
  const b = policy("boundary", [allow(["s3:*", "cloudwatch:*", "ec2:*"])]);
  const rows: Row[] = [
    { name: "both allow: allowed", set: { identity: [id], boundary: [b] }, req: request(), expect: "allowed" },
    { name: "identity allows, boundary does not: denied", set: { identity: [id], boundary: [b] }, req: request({ action: "iam:CreateUser" }), expect: "implicitDeny", layer: "boundary" },
    { name: "boundary allows, identity does not: denied", set: { identity: [id], boundary: [b] }, req: request({ action: "cloudwatch:PutMetricData" }), expect: "implicitDeny", layer: "identity" },
    { name: "Deny in the boundary", set: { identity: [id], boundary: [b, policy("boundary", [deny("s3:DeleteBucket")])] }, req: request({ action: "s3:DeleteBucket" }), expect: "explicitDeny", layer: "boundary" },
    { name: "empty boundary list: nothing allowed", set: { identity: [id], boundary: [] }, req: request(), expect: "implicitDeny", layer: "boundary" },
    { name: "no boundary: identity decides", set: { identity: [id] }, req: request({ action: "iam:CreateUser" }), expect: "allowed" },
    { name: "boundary with a condition", set: { identity: [id], boundary: [policy("boundary", [allow("s3:*", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })])] }, req: request({ context: { "aws:RequestedRegion": "eu-west-1" } }), expect: "allowed" },
    { name: "boundary with a failing condition", set: { identity: [id], boundary: [policy("boundary", [allow("s3:*", "*", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })])] }, req: request({ context: { "aws:RequestedRegion": "us-east-1" } }), expect: "implicitDeny", layer: "boundary" },
    { name: "boundary limits a role session", set: { identity: [id], boundary: [b] }, req: request({ principal: session(), action: "iam:CreateUser" }), expect: "implicitDeny", layer: "boundary" },
    { name: "boundary with NotAction", set: { identity: [id], boundary: [policy("boundary", [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }])] }, req: request({ action: "ec2:RunInstances" }), expect: "allowed" },
    { name: "boundary resource scope", set: { identity: [id], boundary: [policy("boundary", [allow("s3:*", "arn:aws:s3:::allowed/*")])] }, req: request({ resource: "arn:aws:s3:::other/x" }), expect: "implicitDeny", layer: "boundary" },
  ];
  runRows(rows);
});

const SESSION = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session";

describe(`Session policies — ${SESSION}`, () => {
  const role = policy("identity", [allow(["s3:*", "dynamodb:*"])]);
  const sp = policy("session", [allow(["s3:GetObject", "ec2:*"])]);
  const s = session();
  const rows: Row[] = [
    { name: "role and session policy allow", set: { identity: [role], session: [sp] }, req: request({ principal: s }), expect: "allowed" },
    { name: "session policy does not allow", set: { identity: [role], session: [sp] }, req: request({ principal: s, action: "dynamodb:GetItem" }), expect: "implicitDeny", layer: "session" },
    { name: "session policy cannot add permissions", set: { identity: [role], session: [sp] }, req: request({ principal: s, action: "ec2:RunInstances" }), expect: "implicitDeny", layer: "identity" },
    { name: "Deny in the session policy", set: { identity: [role], session: [policy("session", [allowAll, deny("s3:GetObject")])] }, req: request({ principal: s }), expect: "explicitDeny", layer: "session" },
    { name: "managed session policies (PolicyArns) combine", set: { identity: [role], session: [policy("session", [allow("ec2:*")]), policy("session", [allow("s3:*")])] }, req: request({ principal: s }), expect: "allowed" },
    { name: "boundary and session policy both apply", set: { identity: [role], boundary: [policy("boundary", [allow("s3:*")])], session: [sp] }, req: request({ principal: s }), expect: "allowed" },
    { name: "boundary denies before the session policy", set: { identity: [role], boundary: [policy("boundary", [allow("ec2:*")])], session: [sp] }, req: request({ principal: s }), expect: "implicitDeny", layer: "boundary" },
    { name: "federated user session policy", set: { identity: [role], session: [sp] }, req: request({ principal: federatedUser(), action: "s3:PutObject" }), expect: "implicitDeny", layer: "session" },
  ];
  runRows(rows);
});

const SCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html";

describe(`Service control policies — ${SCP}`, () => {
  const full = policy("scp", [allowAll]);
  const id = policy("identity", [allowAll]);
  const rows: Row[] = [
    { name: "FullAWSAccess SCP and identity Allow", set: { identity: [id], scps: [full] }, req: request(), expect: "allowed" },
    { name: "SCP does not grant by itself", set: { identity: [], scps: [full] }, req: request(), expect: "implicitDeny", layer: "identity" },
    { name: "SCP allow list without the action", set: { identity: [id], scps: [policy("scp", [allow(["ec2:*", "iam:*"])])] }, req: request(), expect: "implicitDeny", layer: "scp" },
    { name: "SCP allow list with the action", set: { identity: [id], scps: [policy("scp", [allow(["ec2:*", "s3:*"])])] }, req: request(), expect: "allowed" },
    { name: "SCP Deny beats everything", set: { identity: [id], scps: [full, policy("scp", [deny("s3:*")])] }, req: request(), expect: "explicitDeny", layer: "scp" },
    { name: "SCP Deny with a region condition", set: { identity: [id], scps: [full, policy("scp", [{ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }])] }, req: request({ context: { "aws:RequestedRegion": "us-east-1" } }), expect: "explicitDeny" },
    { name: "SCP region Deny does not hit global services", set: { identity: [id], scps: [full, policy("scp", [{ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }])] }, req: request({ action: "iam:ListUsers", context: { "aws:RequestedRegion": "us-east-1" } }), expect: "allowed" },
    { name: "SCP region Deny in an allowed region", set: { identity: [id], scps: [full, policy("scp", [{ Effect: "Deny", NotAction: ["iam:*", "sts:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } } }])] }, req: request({ context: { "aws:RequestedRegion": "eu-west-1" } }), expect: "allowed" },
    { name: "SCPs limit role sessions", set: { identity: [id], scps: [policy("scp", [allow("ec2:*")])] }, req: request({ principal: session() }), expect: "implicitDeny", layer: "scp" },
    { name: "SCPs do not limit a resource policy's grant to a service", set: { identity: [], scps: [policy("scp", [deny("*")])], resource: [policy("resource", [{ ...allow("s3:*"), Principal: { Service: "lambda.amazonaws.com" } }])] }, req: request({ principal: service() }), expect: "allowed" },
    { name: "SCP Deny beats a same-account resource policy naming the user", set: { identity: [], scps: [full, policy("scp", [deny("s3:*")])], resource: [policy("resource", [{ ...allow("s3:*"), Principal: { AWS: `arn:aws:iam::${A}:user/alice` } }])] }, req: request(), expect: "explicitDeny", layer: "scp" },
    { name: "no SCPs configured: no SCP layer", set: { identity: [id] }, req: request(), expect: "allowed" },
  ];
  runRows(rows);
});

const RCP = "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html";

describe(`Resource control policies — ${RCP}`, () => {
  const full = policy("rcp", [{ ...allowAll, Principal: "*" }]);
  const id = policy("identity", [allowAll]);
  const denyExternal = policy("rcp", [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc" } } }]);
  const rows: Row[] = [
    { name: "RCPFullAWSAccess and identity Allow", set: { identity: [id], rcps: [full] }, req: request(), expect: "allowed" },
    { name: "RCP Deny for principals outside the org", set: { identity: [id], rcps: [full, denyExternal] }, req: request({ context: { "aws:PrincipalOrgID": "o-other" } }), expect: "explicitDeny", layer: "rcp" },
    { name: "RCP Deny spares principals in the org", set: { identity: [id], rcps: [full, denyExternal] }, req: request({ context: { "aws:PrincipalOrgID": "o-abc" } }), expect: "allowed" },
    { name: "RCP applies to anonymous callers", set: { identity: [], rcps: [full, denyExternal], resource: [policy("resource", [{ ...allow("s3:*"), Principal: "*" }])] }, req: request({ principal: anonymous(), context: { "aws:PrincipalOrgID": "o-other" } }), expect: "explicitDeny", layer: "rcp" },
    { name: "RCP without any Allow", set: { identity: [id], rcps: [policy("rcp", [{ ...allow("ec2:*"), Principal: "*" }])] }, req: request(), expect: "implicitDeny", layer: "rcp" },
  ];
  runRows(rows);
});

const KEY_POLICY = "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html";

describe(`A resource policy that must allow (a KMS key policy) — ${KEY_POLICY}`, () => {
  const keyArn = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const key = (principal: unknown) => policy("resource", [{ Effect: "Allow", Principal: principal, Action: "kms:*", Resource: "*" }]);
  const encrypt = (over = {}) => request({ action: "kms:Encrypt", resource: keyArn, ...over });
  const idEncrypt = policy("identity", [allow("kms:Encrypt")]);
  const rows: Row[] = [
    { name: "identity allows, the key policy names someone else: denied by the key policy", set: { identity: [idEncrypt], resource: [key({ AWS: `arn:aws:iam::${A}:user/bob` })], resourceMustAllow: true }, req: encrypt(), expect: "implicitDeny", layer: "resource" },
    { name: "the same policies without the rule: identity allows", set: { identity: [idEncrypt], resource: [key({ AWS: `arn:aws:iam::${A}:user/bob` })] }, req: encrypt(), expect: "allowed", layer: "identity" },
    { name: "the key policy names the account and identity allows", set: { identity: [idEncrypt], resource: [key({ AWS: `arn:aws:iam::${A}:root` })], resourceMustAllow: true }, req: encrypt(), expect: "allowed", layer: "identity" },
    { name: "the key policy names the account, no identity Allow", set: { identity: [], resource: [key({ AWS: `arn:aws:iam::${A}:root` })], resourceMustAllow: true }, req: encrypt(), expect: "implicitDeny", layer: "identity" },
    { name: "the key policy names the user: no identity policy needed", set: { identity: [], resource: [key({ AWS: `arn:aws:iam::${A}:user/alice` })], resourceMustAllow: true }, req: encrypt(), expect: "allowed", layer: "resource" },
  ];
  runRows(rows);
});

const TRUST = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html";

describe(`Role trust policies for sts:AssumeRole* — ${TRUST}`, () => {
  const roleArn = `arn:aws:iam::${A}:role/Target`;
  const trust = (principal: unknown, extra = {}, action = "sts:AssumeRole") => policy("trust", [{ Effect: "Allow", Principal: principal, Action: action, ...extra }]);
  const assume = (over = {}) => request({ action: "sts:AssumeRole", resource: roleArn, ...over });
  const idAssume = policy("identity", [allow("sts:AssumeRole", roleArn)]);
  const rows: Row[] = [
    { name: "trust names the user: no identity policy needed", set: { identity: [], resource: [trust({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: assume(), expect: "allowed", layer: "resource" },
    { name: "trust names the account: identity policy needed", set: { identity: [], resource: [trust({ AWS: A })] }, req: assume(), expect: "implicitDeny", layer: "identity" },
    { name: "trust names the account and identity allows", set: { identity: [idAssume], resource: [trust({ AWS: A })] }, req: assume(), expect: "allowed" },
    { name: "identity allows but the trust policy does not", set: { identity: [idAssume], resource: [trust({ AWS: `arn:aws:iam::${A}:user/bob` })] }, req: assume(), expect: "implicitDeny", layer: "resource" },
    { name: "trust policy for a service only", set: { identity: [idAssume], resource: [trust({ Service: "ec2.amazonaws.com" })] }, req: assume(), expect: "implicitDeny", layer: "resource" },
    { name: "the service may assume", set: { identity: [], resource: [trust({ Service: "ec2.amazonaws.com" })] }, req: assume({ principal: service("ec2.amazonaws.com") }), expect: "allowed" },
    { name: "cross-account: trust names the account, identity allows", set: { identity: [idAssume], resource: [trust({ AWS: B })] }, req: assume({ principal: user("bob", B), resourceAccount: A }), expect: "allowed" },
    { name: "cross-account: trust names the account, no identity Allow", set: { identity: [], resource: [trust({ AWS: B })] }, req: assume({ principal: user("bob", B), resourceAccount: A }), expect: "implicitDeny", layer: "identity" },
    { name: "cross-account: sts:ExternalId matches", set: { identity: [idAssume], resource: [trust({ AWS: B }, { Condition: { StringEquals: { "sts:ExternalId": "Unique1" } } })] }, req: assume({ principal: user("bob", B), resourceAccount: A, context: { "sts:ExternalId": "Unique1" } }), expect: "allowed" },
    { name: "cross-account: sts:ExternalId missing", set: { identity: [idAssume], resource: [trust({ AWS: B }, { Condition: { StringEquals: { "sts:ExternalId": "Unique1" } } })] }, req: assume({ principal: user("bob", B), resourceAccount: A }), expect: "implicitDeny", layer: "resource" },
    { name: "trust Deny wins", set: { identity: [idAssume], resource: [policy("trust", [{ Effect: "Allow", Principal: { AWS: A }, Action: "sts:AssumeRole" }, { Effect: "Deny", Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: "sts:AssumeRole" }])] }, req: assume(), expect: "explicitDeny", layer: "resource" },
    { name: "web identity: Federated with aud condition", set: { identity: [], resource: [trust({ Federated: "cognito-identity.amazonaws.com" }, { Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } } }, "sts:AssumeRoleWithWebIdentity")] }, req: assume({ action: "sts:AssumeRoleWithWebIdentity", principal: { arn: "cognito-identity.amazonaws.com", accountId: A, type: "federated-user" }, context: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } }), expect: "allowed" },
    { name: "web identity: wrong aud", set: { identity: [], resource: [trust({ Federated: "cognito-identity.amazonaws.com" }, { Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } } }, "sts:AssumeRoleWithWebIdentity")] }, req: assume({ action: "sts:AssumeRoleWithWebIdentity", principal: { arn: "cognito-identity.amazonaws.com", accountId: A, type: "federated-user" }, context: { "cognito-identity.amazonaws.com:aud": "other" } }), expect: "implicitDeny" },
    { name: "trust allows sts:AssumeRole only, not TagSession", set: { identity: [], resource: [trust({ AWS: `arn:aws:iam::${A}:user/alice` })] }, req: assume({ action: "sts:TagSession" }), expect: "implicitDeny" },
    { name: "role chaining: a session of another role named in trust", set: { identity: [], resource: [trust({ AWS: `arn:aws:iam::${A}:role/Dev` })] }, req: assume({ principal: session() }), expect: "allowed" },
    { name: "role chaining: session's boundary still applies", set: { identity: [], boundary: [policy("boundary", [allow("s3:*")])], resource: [trust({ AWS: `arn:aws:iam::${A}:role/Dev` })] }, req: assume({ principal: session() }), expect: "implicitDeny", layer: "boundary" },
  ];
  runRows(rows);
});

const EXAMPLES = "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_examples.html";

describe(`Documented example policies — ${EXAMPLES}`, () => {
  // reference_policies_examples_aws_deny-ip.html
  const denyIp = policy("identity", [allowAll, { Effect: "Deny", Action: "*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"] }, Bool: { "aws:ViaAWSService": "false" } } }]);
  // reference_policies_examples_aws_dates.html
  const dates = policy("identity", [allow("ec2:*", "*", { Condition: { DateGreaterThan: { "aws:CurrentTime": "2020-04-01T00:00:00Z" }, DateLessThan: { "aws:CurrentTime": "2020-06-30T23:59:59Z" } } })]);
  // reference_policies_examples_aws_deny-requested-region.html
  const region = policy("identity", [allowAll, { Effect: "Deny", NotAction: ["cloudfront:*", "iam:*", "route53:*", "support:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-central-1", "eu-west-1"] } } }]);
  // reference_policies_examples_iam_mfa-selfmanage / credentials_console: ${aws:username}
  const selfKeys = policy("identity", [allow(["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"], "arn:aws:iam::*:user/${aws:username}")]);
  // reference_policies_examples_ec2_tag-owner.html
  const tagOwner = policy("identity", [allow(["ec2:StartInstances", "ec2:StopInstances"], "arn:aws:ec2:*:*:instance/*", { Condition: { StringEquals: { "aws:ResourceTag/Owner": "${aws:username}" } } })]);
  // reference_policies_examples_iam-passrole-service.html
  const passRole = policy("identity", [allow("iam:PassRole", `arn:aws:iam::${A}:role/app-*`, { Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } })]);
  // reference_policies_examples_s3_home-directory-console.html
  const homeList = policy("identity", [allow("s3:ListBucket", "arn:aws:s3:::amzn-s3-demo-bucket", { Condition: { StringLike: { "s3:prefix": ["", "home/", "home/${aws:username}/*"] } } })]);
  // reference_policies_examples_aws_mfa-dates.html (MFA age)
  const mfaAge = policy("identity", [allow("ec2:*", "*", { Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } })]);
  // S3 bucket policy requiring TLS (aws:SecureTransport)
  const tls = policy("resource", [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } }, { ...allow("s3:GetObject", "arn:aws:s3:::bucket/*"), Principal: "*" }]);
  // reference_policies_examples_aws_tag-keys.html: only allowed tag keys on create
  const tagKeys = policy("identity", [allow("ec2:CreateTags", "*", { Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["environment", "cost-center"] } } })]);
  const rows: Row[] = [
    { name: "deny-ip: from an allowed range", set: { identity: [denyIp] }, req: request({ context: { "aws:SourceIp": "192.0.2.10", "aws:ViaAWSService": false } }), expect: "allowed" },
    { name: "deny-ip: from elsewhere", set: { identity: [denyIp] }, req: request({ context: { "aws:SourceIp": "198.51.100.10", "aws:ViaAWSService": false } }), expect: "explicitDeny" },
    { name: "deny-ip: via an AWS service", set: { identity: [denyIp] }, req: request({ context: { "aws:SourceIp": "198.51.100.10", "aws:ViaAWSService": true } }), expect: "allowed" },
    { name: "dates: inside the window", set: { identity: [dates] }, req: request({ action: "ec2:RunInstances", context: { "aws:CurrentTime": new Date("2020-05-01T00:00:00Z") } }), expect: "allowed" },
    { name: "dates: before the window", set: { identity: [dates] }, req: request({ action: "ec2:RunInstances", context: { "aws:CurrentTime": new Date("2020-03-01T00:00:00Z") } }), expect: "implicitDeny" },
    { name: "dates: after the window", set: { identity: [dates] }, req: request({ action: "ec2:RunInstances", context: { "aws:CurrentTime": new Date("2020-07-01T00:00:00Z") } }), expect: "implicitDeny" },
    { name: "requested region: allowed region", set: { identity: [region] }, req: request({ action: "ec2:RunInstances", context: { "aws:RequestedRegion": "eu-west-1" } }), expect: "allowed" },
    { name: "requested region: other region", set: { identity: [region] }, req: request({ action: "ec2:RunInstances", context: { "aws:RequestedRegion": "us-east-1" } }), expect: "explicitDeny" },
    { name: "requested region: global service exempt", set: { identity: [region] }, req: request({ action: "iam:CreateUser", context: { "aws:RequestedRegion": "us-east-1" } }), expect: "allowed" },
    { name: "self-manage keys: own user", set: { identity: [selfKeys] }, req: request({ action: "iam:CreateAccessKey", resource: `arn:aws:iam::${A}:user/alice`, context: { "aws:username": "alice" } }), expect: "allowed" },
    { name: "self-manage keys: someone else's user", set: { identity: [selfKeys] }, req: request({ action: "iam:CreateAccessKey", resource: `arn:aws:iam::${A}:user/bob`, context: { "aws:username": "alice" } }), expect: "implicitDeny" },
    { name: "tag-owner: own instance", set: { identity: [tagOwner] }, req: request({ action: "ec2:StopInstances", resource: `arn:aws:ec2:eu-west-1:${A}:instance/i-1`, context: { "aws:username": "alice", "aws:ResourceTag/Owner": "alice" } }), expect: "allowed" },
    { name: "tag-owner: someone else's instance", set: { identity: [tagOwner] }, req: request({ action: "ec2:StopInstances", resource: `arn:aws:ec2:eu-west-1:${A}:instance/i-1`, context: { "aws:username": "alice", "aws:ResourceTag/Owner": "bob" } }), expect: "implicitDeny" },
    { name: "tag-owner: untagged instance", set: { identity: [tagOwner] }, req: request({ action: "ec2:StopInstances", resource: `arn:aws:ec2:eu-west-1:${A}:instance/i-1`, context: { "aws:username": "alice" } }), expect: "implicitDeny" },
    { name: "PassRole to Lambda", set: { identity: [passRole] }, req: request({ action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/app-web`, context: { "iam:PassedToService": "lambda.amazonaws.com" } }), expect: "allowed" },
    { name: "PassRole to EC2 refused", set: { identity: [passRole] }, req: request({ action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/app-web`, context: { "iam:PassedToService": "ec2.amazonaws.com" } }), expect: "implicitDeny" },
    { name: "PassRole of a role outside the pattern", set: { identity: [passRole] }, req: request({ action: "iam:PassRole", resource: `arn:aws:iam::${A}:role/admin`, context: { "iam:PassedToService": "lambda.amazonaws.com" } }), expect: "implicitDeny" },
    { name: "home directory: list the root", set: { identity: [homeList] }, req: request({ action: "s3:ListBucket", resource: "arn:aws:s3:::amzn-s3-demo-bucket", context: { "aws:username": "alice", "s3:prefix": "" } }), expect: "allowed" },
    { name: "home directory: list own folder", set: { identity: [homeList] }, req: request({ action: "s3:ListBucket", resource: "arn:aws:s3:::amzn-s3-demo-bucket", context: { "aws:username": "alice", "s3:prefix": "home/alice/docs" } }), expect: "allowed" },
    { name: "home directory: list another folder", set: { identity: [homeList] }, req: request({ action: "s3:ListBucket", resource: "arn:aws:s3:::amzn-s3-demo-bucket", context: { "aws:username": "alice", "s3:prefix": "home/bob/" } }), expect: "implicitDeny" },
    { name: "MFA age: recent", set: { identity: [mfaAge] }, req: request({ action: "ec2:RunInstances", context: { "aws:MultiFactorAuthAge": 600 } }), expect: "allowed" },
    { name: "MFA age: too old", set: { identity: [mfaAge] }, req: request({ action: "ec2:RunInstances", context: { "aws:MultiFactorAuthAge": 7200 } }), expect: "implicitDeny" },
    { name: "MFA age: no MFA", set: { identity: [mfaAge] }, req: request({ action: "ec2:RunInstances" }), expect: "implicitDeny" },
    { name: "TLS-only bucket: over TLS", set: { identity: [], resource: [tls] }, req: request({ principal: anonymous(), resource: "arn:aws:s3:::bucket/x", context: { "aws:SecureTransport": true } }), expect: "allowed" },
    { name: "TLS-only bucket: plain HTTP", set: { identity: [], resource: [tls] }, req: request({ principal: anonymous(), resource: "arn:aws:s3:::bucket/x", context: { "aws:SecureTransport": false } }), expect: "explicitDeny" },
    { name: "tag keys: only allowed keys", set: { identity: [tagKeys] }, req: request({ action: "ec2:CreateTags", context: { "aws:TagKeys": ["environment"] } }), expect: "allowed" },
    { name: "tag keys: an extra key", set: { identity: [tagKeys] }, req: request({ action: "ec2:CreateTags", context: { "aws:TagKeys": ["environment", "owner"] } }), expect: "implicitDeny" },
  ];
  runRows(rows);
});

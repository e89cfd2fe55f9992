// Access Analyzer's policy checks, one row per check of the IAM User Guide's policy validation check
// reference that the emulator implements: a policy that trips it, and the exact path and span (1-based
// line, 0-based column and offset) of what the finding points at. A last test keeps the table complete.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { IMPLEMENTED_CHECKS, validatePolicyDocument, type AnalyzerPolicyType, type PathElement } from "../../../../src/policy/index.js";
import { testCatalog } from "../../editor-core/catalog-fixture.js";

const V = '"Version":"2012-10-17"';
/** A compact one-line policy, so spans are easy to read: offsets are columns. */
const p = (...statements: object[]) => `{${V},"Statement":${JSON.stringify(statements)}}`;
const allow = (extra: object) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...extra });
const resourceAllow = (extra: object) => ({ Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*", ...extra });
const TRUST = "AWS::IAM::AssumeRolePolicyDocument";
/** A role trust policy's statement: ValidatePolicy's RESOURCE_POLICY with the resource type TRUST. */
const trust = (extra: object) => ({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole", ...extra });
const rcp = (extra: object) => ({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", ...extra });
const GITHUB_OIDC = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
const S0 = [{ value: "Statement" }, { index: 0 }] as const;
const cond = (op: string, key: string, ...rest: PathElement[]): PathElement[] => [...S0, { value: "Condition" }, { value: op }, { value: key }, ...rest];
const condKey = (op: string, key: string): PathElement[] => [...S0, { value: "Condition" }, { value: op }, { key }];

interface Row {
  code: string;
  doc: string;
  /** The text the span covers, and which occurrence of it. */
  at: string;
  nth?: number;
  path: readonly PathElement[];
  type?: AnalyzerPolicyType;
  resourceType?: string;
  details?: string;
}

const rows: Row[] = [
  // Errors
  { code: "JSON_SYNTAX_ERROR", doc: `{${V},"Statement":[}`, at: "}", path: [], details: "Fix the JSON syntax error at index 37 line 1 column 37." },
  { code: "DATA_TYPE_MISMATCH", doc: p(allow({ Effect: 42 })), at: "42", path: [...S0, { value: "Effect" }], details: "The text does not match the expected JSON data type String." },
  { code: "INVALID_POLICY_ELEMENT", doc: p(allow({ Actions: "x" })), at: '"Actions"', path: [...S0, { value: "Actions" }], details: "The policy element Actions is not valid." },
  { code: "INVALID_VERSION", doc: '{"Version":"2012-10-18","Statement":[]}', at: '"2012-10-18"', path: [{ value: "Version" }], details: "The version 2012-10-18 is not valid. Use one of the following versions: 2012-10-17" },
  { code: "MISSING_STATEMENT", doc: `{${V}}`, at: `{${V}}`, path: [], details: "Add a statement to the policy" },
  { code: "MISSING_EFFECT", doc: p({ Action: "s3:GetObject", Resource: "*" }), at: "{", nth: 1, path: S0, details: "Add an Effect element to the policy statement with a value of Allow or Deny." },
  { code: "INVALID_EFFECT", doc: p(allow({ Effect: "allow" })), at: '"allow"', path: [...S0, { value: "Effect" }], details: "The effect allow is not valid. Use Allow or Deny." },
  { code: "MISSING_ACTION", doc: p({ Effect: "Allow", Resource: "*" }), at: "{", nth: 1, path: S0, details: "Add an Action or NotAction element to the policy statement." },
  { code: "MISSING_RESOURCE", doc: p({ Effect: "Allow", Action: "s3:GetObject" }), at: "{", nth: 1, path: S0, details: "Add a Resource or NotResource element to the policy statement." },
  { code: "MISSING_PRINCIPAL", type: "RESOURCE_POLICY", doc: p(allow({})), at: "{", nth: 1, path: S0, details: "Add a Principal element to the policy statement." },
  { code: "UNSUPPORTED_PRINCIPAL", doc: p(allow({ Principal: "*" })), at: '"Principal"', path: [...S0, { value: "Principal" }], details: "The policy type IDENTITY_POLICY does not support the Principal element. Remove the Principal element." },
  { code: "SCP_SYNTAX_ERROR_PRINCIPAL", type: "SERVICE_CONTROL_POLICY", doc: p(allow({ Principal: "*" })), at: '"Principal"', path: [...S0, { value: "Principal" }] },
  { code: "UNSUPPORTED_ELEMENT_COMBINATION", doc: p(allow({ NotAction: "s3:PutObject" })), at: '"NotAction"', path: [...S0, { value: "NotAction" }], details: "The policy elements Action and NotAction can not be used in the same statement. Remove one of these elements." },
  { code: "UNIQUE_SIDS_REQUIRED", doc: p(allow({ Sid: "A" }), allow({ Sid: "A" })), at: '"A"', nth: 1, path: [{ value: "Statement" }, { index: 1 }, { value: "Sid" }] },
  { code: "UNSUPPORTED_SID", doc: p(allow({ Sid: "read-only" })), at: '"read-only"', path: [...S0, { value: "Sid" }] },
  { code: "INVALID_ACTION", doc: p(allow({ Action: "s3:GetObjekt" })), at: '"s3:GetObjekt"', path: [...S0, { value: "Action" }], details: "The action s3:GetObjekt does not exist." },
  { code: "INVALID_SERVICE_IN_ACTION", doc: p(allow({ Action: ["s4:GetObject"] })), at: '"s4:GetObject"', path: [...S0, { value: "Action" }, { index: 0 }], details: "The service s4 specified in the action does not exist." },
  { code: "VARIABLE_UNSUPPORTED_IN_ELEMENT", doc: p(allow({ Action: "s3:${aws:username}" })), at: '"s3:${aws:username}"', path: [...S0, { value: "Action" }], details: "Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${aws:username} from this element." },
  { code: "INVALID_ARN_PREFIX", doc: p(allow({ Resource: "bucket/*" })), at: '"bucket/*"', path: [...S0, { value: "Resource" }], details: "Add the required prefix (arn) to the resource bucket/*." },
  { code: "MISSING_ARN_FIELD", doc: p(allow({ Resource: "arn:aws:s3:::" .slice(0, 10) })), at: '"arn:aws:s3"', path: [...S0, { value: "Resource" }] },
  { code: "INVALID_PARTITION", doc: p(allow({ Resource: "arn:amazon:s3:::b/*" })), at: '"arn:amazon:s3:::b/*"', path: [...S0, { value: "Resource" }] },
  { code: "INVALID_ARN_SERVICE_CASE", doc: p(allow({ Resource: "arn:aws:S3:::b/*" })), at: '"arn:aws:S3:::b/*"', path: [...S0, { value: "Resource" }] },
  { code: "INVALID_ARN_ACCOUNT", doc: p(allow({ Action: "iam:GetUser", Resource: "arn:aws:iam::1234:user/a" })), at: '"arn:aws:iam::1234:user/a"', path: [...S0, { value: "Resource" }], details: "The resource ARN account ID 1234 is not valid. Provide a 12-digit account ID." },
  { code: "ARN_REGION_NOT_ALLOWED", doc: p(allow({ Action: "iam:GetUser", Resource: "arn:aws:iam:us-east-1:123456789012:user/a" })), at: '"arn:aws:iam:us-east-1:123456789012:user/a"', path: [...S0, { value: "Resource" }], details: "The service iam does not support specifying a Region in the resource ARN." },
  { code: "MISSING_ARN_REGION", doc: p(allow({ Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb::123456789012:table/t" })), at: '"arn:aws:dynamodb::123456789012:table/t"', path: [...S0, { value: "Resource" }], details: "Add a Region to the dynamodb resource ARN." },
  { code: "ARN_ACCOUNT_NOT_ALLOWED", doc: p(allow({ Resource: "arn:aws:s3::123456789012:b/*" })), at: '"arn:aws:s3::123456789012:b/*"', path: [...S0, { value: "Resource" }], details: "The service s3 does not support specifying an account ID in the resource ARN." },
  { code: "INVALID_ARN_RESOURCE", doc: p(allow({ Action: "iam:GetUser", Resource: "arn:aws:iam::123456789012:usr/a" })), at: '"arn:aws:iam::123456789012:usr/a"', path: [...S0, { value: "Resource" }] },
  { code: "VARIABLE_UNSUPPORTED_IN_VERSION", doc: JSON.stringify({ Statement: [allow({ Resource: "arn:aws:s3:::b/${aws:username}" })] }), at: '"arn:aws:s3:::b/${aws:username}"', path: [...S0, { value: "Resource" }] },
  { code: "MISSING_BRACE_IN_VARIABLE", doc: p(allow({ Resource: "arn:aws:s3:::b/${aws:username" })), at: '"arn:aws:s3:::b/${aws:username"', path: [...S0, { value: "Resource" }] },
  { code: "EMPTY_VARIABLE", doc: p(allow({ Resource: "arn:aws:s3:::b/${}" })), at: '"arn:aws:s3:::b/${}"', path: [...S0, { value: "Resource" }], details: "Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure." },
  { code: "UNSUPPORTED_SPACE_IN_VARIABLE", doc: p(allow({ Resource: "arn:aws:s3:::b/${aws:user name}" })), at: '"arn:aws:s3:::b/${aws:user name}"', path: [...S0, { value: "Resource" }] },
  { code: "INVALID_CONDITION_OPERATOR", doc: p(allow({ Condition: { StringEqual: { "aws:username": "a" } } })), at: '"StringEqual"', path: [...S0, { value: "Condition" }, { value: "StringEqual" }] },
  { code: "NULL_WITH_IF_EXISTS", doc: p(allow({ Condition: { NullIfExists: { "aws:username": "true" } } })), at: '"NullIfExists"', path: [...S0, { value: "Condition" }, { value: "NullIfExists" }] },
  { code: "DUPLICATE_KEYS_WITH_DIFFERENT_CASE", doc: p(allow({ Condition: { StringEquals: { "aws:username": "a", "aws:UserName": "b" } } })), at: '"aws:UserName"', path: condKey("StringEquals", "aws:UserName"), details: "The condition key aws:UserName appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys." },
  { code: "INVALID_CONDITION_KEY_FORMAT", doc: p(allow({ Condition: { StringEquals: { username: "a" } } })), at: '"username"', path: condKey("StringEquals", "username") },
  { code: "UNSUPPORTED_GLOBAL_CONDITION_KEY", doc: p(allow({ Condition: { ArnEquals: { "aws:ARN": "arn:aws:iam::123456789012:user/a" } } })), at: '"aws:ARN"', path: condKey("ArnEquals", "aws:ARN") },
  { code: "MISSING_TAG_KEY_IN_CONDITION", doc: p(allow({ Condition: { StringEquals: { "aws:ResourceTag/": "a" } } })), at: '"aws:ResourceTag/"', path: condKey("StringEquals", "aws:ResourceTag/") },
  { code: "INVALID_GLOBAL_CONDITION_KEY", doc: p(allow({ Condition: { StringEquals: { "aws:UserNam": "a" } } })), at: '"aws:UserNam"', path: condKey("StringEquals", "aws:UserNam"), details: "The condition key aws:UserNam does not exist. Use a valid condition key." },
  { code: "INVALID_SERVICE", doc: p(allow({ Condition: { StringEquals: { "s4:prefix": "a" } } })), at: '"s4:prefix"', path: condKey("StringEquals", "s4:prefix") },
  { code: "INVALID_SERVICE_CONDITION_KEY", doc: p(allow({ Condition: { StringEquals: { "s3:prefx": "a" } } })), at: '"s3:prefx"', path: condKey("StringEquals", "s3:prefx") },
  { code: "INVALID_CONDITION_DATA_TYPE", doc: p(allow({ Condition: { StringEquals: { "aws:username": ["a", 1] } } })), at: '["a",1]', path: cond("StringEquals", "aws:username") },
  { code: "INVALID_CONDITION_MULTIPLE_BOOLEAN", doc: p(allow({ Condition: { Bool: { "aws:SecureTransport": ["true", "false"] } } })), at: '["true","false"]', path: cond("Bool", "aws:SecureTransport") },
  { code: "INVALID_VARIABLE_FOR_OPERATOR", doc: p(allow({ Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "${aws:EpochTime}" } } })), at: '"${aws:EpochTime}"', path: cond("NumericLessThan", "aws:MultiFactorAuthAge") },
  { code: "MISSING_QUALIFIER", doc: p(allow({ Condition: { StringEquals: { "aws:TagKeys": "team" } } })), at: '"aws:TagKeys"', path: condKey("StringEquals", "aws:TagKeys") },
  { code: "PRIVATE_IP_ADDRESS", doc: p(allow({ Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } })), at: '"10.0.0.0/8"', path: cond("IpAddress", "aws:SourceIp") },
  { code: "PRIVATE_NOT_IP_ADDRESS", doc: p(allow({ Condition: { NotIpAddress: { "aws:SourceIp": "192.168.0.0/16" } } })), at: '"192.168.0.0/16"', path: cond("NotIpAddress", "aws:SourceIp") },
  { code: "INVALID_PRINCIPAL_FORMAT", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: "arn:aws:iam::111122223333:root" })), at: '"arn:aws:iam::111122223333:root"', path: [...S0, { value: "Principal" }] },
  { code: "INVALID_PRINCIPAL_KEY", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: { Account: "111122223333" } })), at: '"Account"', path: [...S0, { value: "Principal" }, { key: "Account" }] },
  { code: "UNSUPPORTED_WILDCARD_IN_PRINCIPAL", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: { AWS: "arn:aws:iam::111122223333:role/*" } })), at: '"arn:aws:iam::111122223333:role/*"', path: [...S0, { value: "Principal" }, { value: "AWS" }] },
  { code: "INVALID_ARN_REGION", doc: p(allow({ Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-0:123456789012:table/t" })), at: '"arn:aws:dynamodb:us-east-0:123456789012:table/t"', path: [...S0, { value: "Resource" }], details: "The Region us-east-0 is not valid for this resource. Update the resource ARN to include a supported Region." },
  { code: "INVALID_REGION", doc: p(allow({ Condition: { StringEquals: { "aws:RequestedRegion": ["us-east-1", "us-east-7"] } } })), at: '"us-east-7"', path: cond("StringEquals", "aws:RequestedRegion", { index: 1 }), details: "The Region us-east-7 is not valid. Update the condition value to a supported Region." },
  { code: "INVALID_SERVICE_PRINCIPAL_FORMAT", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Service: "ec2" } })), at: '"ec2"', path: [...S0, { value: "Principal" }, { value: "Service" }], details: "The service principal does not match the expected format. Use the format service-name.amazonaws.com." },
  { code: "MISSING_QUOTE_IN_VARIABLE", doc: p(allow({ Resource: "arn:aws:s3:::b/${aws:username, anonymous}" })), at: '"arn:aws:s3:::b/${aws:username, anonymous}"', path: [...S0, { value: "Resource" }], details: "The policy variable default value must begin and end with a single quote. Add the missing quote." },
  { code: "MISSING_ARN_ACCOUNT", doc: p(allow({ Action: "sqs:SendMessage", Resource: "arn:aws:sqs:us-east-1::q" })), at: '"arn:aws:sqs:us-east-1::q"', path: [...S0, { value: "Resource" }], details: "The resource queue in the arn is missing an account id. Please provide a 12 digit account id." },
  { code: "INVALID_VPC_FORMAT", doc: p(allow({ Condition: { StringEquals: { "aws:SourceVpc": "vpc-123" } } })), at: '"vpc-123"', path: cond("StringEquals", "aws:SourceVpc"), details: "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters." },
  { code: "INVALID_VPCE_FORMAT", doc: p(allow({ Condition: { StringEquals: { "aws:SourceVpce": "vpce-12" } } })), at: '"vpce-12"', path: cond("StringEquals", "aws:SourceVpce"), details: "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters." },
  { code: "UNSUPPORTED_ACTION_IN_POLICY", type: "RESOURCE_POLICY", resourceType: "AWS::S3::Bucket", doc: p(resourceAllow({ Action: "kms:Decrypt" })), at: '"kms:Decrypt"', path: [...S0, { value: "Action" }], details: "The action kms:Decrypt is not supported for the resource-based policy attached to the resource type AWS::S3::Bucket." },
  { code: "UNSUPPORTED_RESOURCE_ARN_IN_POLICY", type: "RESOURCE_POLICY", resourceType: "AWS::S3::Bucket", doc: p(resourceAllow({ Resource: "arn:aws:sqs:us-east-1:123456789012:q" })), at: '"arn:aws:sqs:us-east-1:123456789012:q"', path: [...S0, { value: "Resource" }], details: "The resource ARN is not supported for the resource-based policy attached to the resource type AWS::S3::Bucket." },
  { code: "FEDERATED_PRINCIPAL_NOT_SUPPORTED", type: "RESOURCE_POLICY", resourceType: "AWS::S3::Bucket", doc: p(resourceAllow({ Principal: { Federated: "accounts.google.com" } })), at: '"Federated"', path: [...S0, { value: "Principal" }, { value: "Federated" }], details: "The policy type does not support a federated identity provider in the principal element. Use a supported principal." },
  { code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p({ Effect: "Deny", NotPrincipal: { AWS: "111122223333" }, Action: "sts:AssumeRole" }), at: '"NotPrincipal"', path: [...S0, { value: "NotPrincipal" }], details: "Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead." },
  { code: "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: "*" })), at: '"*"', path: [...S0, { value: "Principal" }], details: '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.' },
  { code: "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Resource: "*" })), at: '"Resource"', path: [...S0, { value: "Resource" }], details: "Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element." },
  { code: "INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Federated: "my provider" }, Action: "sts:AssumeRoleWithWebIdentity" })), at: '"my provider"', path: [...S0, { value: "Principal" }, { value: "Federated" }], details: "The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN." },
  { code: "MISMATCHED_ACTION_FOR_PRINCIPAL", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/corp" }, Action: "sts:AssumeRoleWithWebIdentity" })), at: '"sts:AssumeRoleWithWebIdentity"', path: [...S0, { value: "Action" }], details: "The sts:AssumeRoleWithWebIdentity action is invalid with the following principal(s): arn:aws:iam::111122223333:saml-provider/corp. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options." },
  { code: "MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Service: "rolesanywhere.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] })), at: '["sts:AssumeRole","sts:TagSession"]', path: [...S0, { value: "Action" }], details: "The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy." },
  { code: "RCP_SYNTAX_ERROR_PRINCIPAL", type: "RESOURCE_CONTROL_POLICY", doc: p(rcp({ Principal: { AWS: "111122223333" } })), at: '"Principal"', path: [...S0, { value: "Principal" }], details: 'The Principal element contents are not valid. RCPs only support specifying all principals ("*") in the Principal element. The NotPrincipal element is not supported for RCPs.' },
  { code: "RCP_SYNTAX_ERROR_ALLOW", type: "RESOURCE_CONTROL_POLICY", doc: p(rcp({ Effect: "Allow", Resource: "arn:aws:s3:::b" })), at: '"Resource"', path: [...S0, { value: "Resource" }], details: 'RCPs only support specifying all principals ("*") in the Principal element, all resources ("*") in the Resource element, and no Condition element with an effect of Allow.' },
  { code: "RCP_SYNTAX_ERROR_NOTACTION", type: "RESOURCE_CONTROL_POLICY", doc: p({ Effect: "Deny", Principal: "*", NotAction: "s3:GetObject", Resource: "*" }), at: '"NotAction"', path: [...S0, { value: "NotAction" }], details: "RCPs do not support the NotAction element. Update to use the Action element." },
  { code: "RCP_SYNTAX_ERROR_ACTION", type: "RESOURCE_CONTROL_POLICY", doc: p(rcp({ Action: ["s3:*", "ec2:RunInstances"] })), at: '"ec2:RunInstances"', path: [...S0, { value: "Action" }, { index: 1 }], details: "RCPs only support specifying select service prefixes in the Action element. Learn more here." },
  { code: "POLICY_SIZE_EXCEEDS_RCP_QUOTA", type: "RESOURCE_CONTROL_POLICY", doc: p(rcp({ Action: Array.from({ length: 400 }, (_, i) => `s3:Get${"Object".repeat(2)}${i}`) })), at: "", path: [] },
  { code: "TYPE_MISMATCH_IP_RANGE", doc: p(allow({ Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/33" } } })), at: '"203.0.113.0/33"', path: cond("IpAddress", "aws:SourceIp") },
  { code: "POLICY_SIZE_EXCEEDS_SCP_QUOTA", type: "SERVICE_CONTROL_POLICY", doc: p(allow({ Action: Array.from({ length: 400 }, (_, i) => `s3:Get${"Object".repeat(2)}${i}`) })), at: "", path: [] },
  // General warnings
  { code: "MISSING_VERSION", doc: JSON.stringify({ Statement: [allow({})] }), at: "{", path: [], details: "We recommend that you specify the Version element to help you with debugging permission issues." },
  { code: "UNIQUE_SIDS_RECOMMENDED", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Sid: "A" }), resourceAllow({ Sid: "A" })), at: '"A"', nth: 1, path: [{ value: "Statement" }, { index: 1 }, { value: "Sid" }] },
  { code: "WILDCARD_WITHOUT_LIKE_OPERATOR", doc: p(allow({ Condition: { StringEquals: { "aws:PrincipalTag/job": "admin-*" } } })), at: '"admin-*"', path: cond("StringEquals", "aws:PrincipalTag/job") },
  { code: "TYPE_MISMATCH", doc: p(allow({ Condition: { StringEquals: { "aws:MultiFactorAuthAge": "3600" } } })), at: '"aws:MultiFactorAuthAge"', path: condKey("StringEquals", "aws:MultiFactorAuthAge"), details: "Use the operator type Numeric instead of operator StringEquals for the condition key aws:MultiFactorAuthAge." },
  { code: "TYPE_MISMATCH_BOOLEAN", doc: p(allow({ Condition: { Bool: { "aws:SecureTransport": "yes" } } })), at: '"yes"', path: cond("Bool", "aws:SecureTransport") },
  { code: "TYPE_MISMATCH_NUMBER", doc: p(allow({ Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": "an hour" } } })), at: '"an hour"', path: cond("NumericLessThan", "aws:MultiFactorAuthAge") },
  { code: "TYPE_MISMATCH_DATE", doc: p(allow({ Condition: { DateLessThan: { "aws:CurrentTime": "soon" } } })), at: '"soon"', path: cond("DateLessThan", "aws:CurrentTime"), details: "The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format." },
  { code: "TYPE_MISMATCH_STRING", doc: p(allow({ Condition: { BinaryEquals: { "aws:username": "not base64!" } } })), at: '"not base64!"', path: cond("BinaryEquals", "aws:username") },
  { code: "INVALID_DATE_VALUE", doc: p(allow({ Condition: { DateGreaterThan: { "aws:CurrentTime": "1700000000" } } })), at: '"1700000000"', path: cond("DateGreaterThan", "aws:CurrentTime"), details: "The date 1700000000 might not resolve as expected. We recommend that you use the YYYY-MM-DD format." },
  { code: "INVALID_ROLE_REFERENCE", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: { AWS: "AROAEXAMPLEID1234567" } })), at: '"AROAEXAMPLEID1234567"', path: [...S0, { value: "Principal" }, { value: "AWS" }] },
  { code: "INVALID_USER_REFERENCE", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: { AWS: ["AIDAEXAMPLEID1234567"] } })), at: '"AIDAEXAMPLEID1234567"', path: [...S0, { value: "Principal" }, { value: "AWS" }, { index: 0 }] },
  { code: "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Condition: { StringEquals: { "aws:SourceAccount": Array.from({ length: 200 }, (_, i) => String(111122223000 + i)) } } })), at: "", path: [], details: "The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning." },
  { code: "SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Federated: GITHUB_OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringLike: { "token.actions.githubusercontent.com:sub": "repo:octo-org/*" } } })), at: '"repo:octo-org/*"', path: cond("StringLike", "token.actions.githubusercontent.com:sub"), details: "Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name. If the subject claim does not include the branch, specify it in a token.actions.githubusercontent.com:ref condition key." },
  { code: "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA", doc: p(allow({ Action: Array.from({ length: 500 }, (_, i) => `s3:Get${"Object".repeat(2)}${i}`) })), at: "", path: [] },
  { code: "CREATE_SLR_WITH_STAR_IN_RESOURCE", doc: p(allow({ Action: "iam:CreateServiceLinkedRole", Resource: "*" })), at: '"*"', path: [...S0, { value: "Resource" }] },
  { code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE", doc: p(allow({ Action: "iam:Create*", Resource: "*" })), at: '"*"', path: [...S0, { value: "Resource" }] },
  { code: "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", doc: p({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }), at: '"*"', path: [...S0, { value: "Resource" }] },
  { code: "CREATE_SLR_WITH_NOT_RESOURCE", doc: p({ Effect: "Allow", Action: "iam:CreateServiceLinkedRole", NotResource: "arn:aws:iam::123456789012:role/x" }), at: '"NotResource"', path: [...S0, { value: "NotResource" }] },
  { code: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", doc: p({ Effect: "Allow", Action: "iam:*", NotResource: "arn:aws:iam::123456789012:role/x" }), at: '"NotResource"', path: [...S0, { value: "NotResource" }] },
  { code: "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE", doc: p({ Effect: "Allow", NotAction: "s3:*", NotResource: "arn:aws:iam::123456789012:role/x" }), at: '"NotResource"', path: [...S0, { value: "NotResource" }] },
  // Security warnings
  { code: "PASS_ROLE_WITH_STAR_IN_RESOURCE", doc: p(allow({ Action: "iam:PassRole", Resource: "*" })), at: '"*"', path: [...S0, { value: "Resource" }] },
  { code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE", doc: p(allow({ Action: "iam:*", Resource: "arn:aws:iam::123456789012:role/*" })), at: '"arn:aws:iam::123456789012:role/*"', path: [...S0, { value: "Resource" }] },
  { code: "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION", doc: p({ Effect: "Allow", NotAction: "s3:*", Resource: "*" }), at: '"*"', path: [...S0, { value: "Resource" }] },
  { code: "PASS_ROLE_WITH_NOT_RESOURCE", doc: p({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::123456789012:role/x" }), at: '"NotResource"', path: [...S0, { value: "NotResource" }] },
  { code: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE", doc: p({ Effect: "Allow", Action: "iam:Pass*", NotResource: "arn:aws:iam::123456789012:role/x" }), at: '"NotResource"', path: [...S0, { value: "NotResource" }] },
  { code: "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE", doc: p({ Effect: "Allow", NotAction: "s3:*", NotResource: "arn:aws:iam::123456789012:role/x" }), at: '"NotResource"', path: [...S0, { value: "NotResource" }] },
  { code: "ALLOW_WITH_NOT_PRINCIPAL", type: "RESOURCE_POLICY", doc: p({ Effect: "Allow", NotPrincipal: { AWS: "111122223333" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }), at: '"NotPrincipal"', path: [...S0, { value: "NotPrincipal" }] },
  { code: "DYNAMODB_ATTRIBUTES_WITHOUT_SELECT", doc: p(allow({ Action: "dynamodb:GetItem", Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/t", Condition: { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["id", "name"] } } })), at: '"dynamodb:Attributes"', path: condKey("ForAllValues:StringEquals", "dynamodb:Attributes"), details: "Restricting dynamodb:Attributes without also setting dynamodb:Select to SPECIFIC_ATTRIBUTES allows all attributes to be returned on read requests that omit a projection expression. We recommend that you also set dynamodb:Select to SPECIFIC_ATTRIBUTES." },
  { code: "S3_PREFIX_IN_NEGATIVE_CONTEXT", doc: p({ Effect: "Deny", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b", Condition: { StringLike: { "s3:prefix": "private/*" } } }), at: '"s3:prefix"', path: condKey("StringLike", "s3:prefix"), details: "Using the s3:prefix condition key in a Deny statement or with a negated string operator does not block listing the objects under the matching prefixes. A request that specifies a shorter prefix does not match the condition and can still list those objects. To restrict listing to specific prefixes, use s3:prefix with StringLike in an Allow statement, or use a Deny statement with StringNotLike." },
  { code: "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS", doc: p(allow({ Condition: { StringLike: { "aws:SourceArn": "arn:aws:sns:*:123456789012:topic" } } })), at: '"aws:SourceArn"', path: condKey("StringLike", "aws:SourceArn"), details: "Use the operator type ARN instead of operator StringLike for the condition key aws:SourceArn." },
  { code: "MISSING_GITHUB_REPO_CONDITION_KEY", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Federated: GITHUB_OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } })), at: `"${GITHUB_OIDC}"`, path: [...S0, { value: "Principal" }, { value: "Federated" }], details: "Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value." },
  { code: "MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity" })), at: '"accounts.google.com"', path: [...S0, { value: "Principal" }, { value: "Federated" }], details: "Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role." },
  { code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", type: "RESOURCE_POLICY", resourceType: "AWS::S3::Bucket", doc: p(resourceAllow({ Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject" })), at: '"logging.s3.amazonaws.com"', path: [...S0, { value: "Principal" }, { value: "Service" }], details: "Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn, aws:SourceAccount, aws:SourceOrgID, or aws:SourceOrgPaths condition key to grant fine-grained access." },
  { code: "FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { "ForAnyValue:StringEquals": { "accounts.google.com:aud": "app.apps.googleusercontent.com" } } })), at: '"accounts.google.com:aud"', path: condKey("ForAnyValue:StringEquals", "accounts.google.com:aud"), details: "Using ForAnyValue qualifier with the single-valued condition key accounts.google.com:aud can be overly permissive. We recommend that you remove ForAnyValue:." },
  { code: "FORALLVALUES_WITH_SINGLE_VALUED_KEY", doc: p(allow({ Condition: { "ForAllValues:StringEquals": { "aws:username": "a" } } })), at: '"aws:username"', path: condKey("ForAllValues:StringEquals", "aws:username") },
  { code: "MISSING_PAIRED_CONDITION_KEYS", doc: p(allow({ Condition: { IpAddress: { "aws:VpcSourceIp": "10.0.0.0/16" } } })), at: '"aws:VpcSourceIp"', path: condKey("IpAddress", "aws:VpcSourceIp") },
  // Suggestions
  { code: "EMPTY_ARRAY_ACTION", doc: p(allow({ Action: [] })), at: "[]", path: [...S0, { value: "Action" }], details: "This statement includes no actions and does not affect the policy. Specify actions." },
  { code: "EMPTY_ARRAY_RESOURCE", doc: p(allow({ Resource: [] })), at: "[]", path: [...S0, { value: "Resource" }] },
  { code: "EMPTY_ARRAY_PRINCIPAL", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: { AWS: [] } })), at: "[]", path: [...S0, { value: "Principal" }, { value: "AWS" }] },
  { code: "EMPTY_OBJECT_PRINCIPAL", type: "RESOURCE_POLICY", doc: p(resourceAllow({ Principal: {} })), at: "{}", path: [...S0, { value: "Principal" }] },
  { code: "EMPTY_OBJECT_CONDITION", doc: p(allow({ Condition: {} })), at: "{}", path: [...S0, { value: "Condition" }] },
  { code: "EMPTY_ARRAY_CONDITION", doc: p(allow({ Condition: { StringEquals: { "aws:username": [] } } })), at: "[]", path: cond("StringEquals", "aws:username"), details: "There are no values for the condition key aws:username and it does not affect the policy. Specify conditions." },
  { code: "EMPTY_ARRAY_CONDITION_FORALLVALUES", doc: p(allow({ Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": [] } } })), at: "[]", path: cond("ForAllValues:StringEquals", "aws:TagKeys") },
  { code: "EMPTY_ARRAY_CONDITION_FORANYVALUE", doc: p(allow({ Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": [] } } })), at: "[]", path: cond("ForAnyValue:StringEquals", "aws:TagKeys") },
  { code: "EMPTY_ARRAY_CONDITION_IFEXISTS", doc: p(allow({ Condition: { StringEqualsIfExists: { "aws:username": [] } } })), at: "[]", path: cond("StringEqualsIfExists", "aws:username") },
  { code: "EMPTY_SID_VALUE", doc: p(allow({ Sid: "" })), at: '""', path: [...S0, { value: "Sid" }], details: "Add a value to the empty string in the Sid element." },
  { code: "IMPROVE_IP_RANGE", doc: p(allow({ Condition: { IpAddress: { "aws:SourceIp": "203.0.113.9/24" } } })), at: '"203.0.113.9/24"', path: cond("IpAddress", "aws:SourceIp"), details: "The non-zero bits in the IP address after the masked bits are ignored. Replace address 203.0.113.9/24 with 203.0.113.0/24." },
  { code: "NULL_WITH_QUALIFIER", doc: p(allow({ Condition: { "ForAnyValue:Null": { "aws:TagKeys": "true" } } })), at: '"ForAnyValue:Null"', path: [...S0, { value: "Condition" }, { value: "ForAnyValue:Null" }] },
  { code: "PRIVATE_IP_ADDRESS_SUBSET", doc: p(allow({ Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"] } } })), at: '["10.0.0.0/8","203.0.113.0/24"]', path: cond("IpAddress", "aws:SourceIp") },
  { code: "PRIVATE_NOT_IP_ADDRESS_SUBSET", doc: p(allow({ Condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8", "203.0.113.0/24"] } } })), at: '["10.0.0.0/8","203.0.113.0/24"]', path: cond("NotIpAddress", "aws:SourceIp") },
  { code: "REDUNDANT_ACTION", doc: p(allow({ Action: ["s3:Get*", "s3:GetObject"] })), at: '"s3:GetObject"', path: [...S0, { value: "Action" }, { index: 1 }], details: "The 1 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: s3:GetObject." },
  { code: "REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY", type: "RESOURCE_POLICY", resourceType: TRUST, doc: p(trust({ Principal: { AWS: ["arn:aws:iam::111122223333:role/app", "arn:aws:sts::111122223333:assumed-role/app/s1"] } })), at: '"arn:aws:sts::111122223333:assumed-role/app/s1"', path: [...S0, { value: "Principal" }, { value: "AWS" }, { index: 1 }], details: "The assumed-role principal arn:aws:sts::111122223333:assumed-role/app/s1 is redundant with its parent role arn:aws:iam::111122223333:role/app. Remove the assumed-role principal." },
  { code: "REDUNDANT_STATEMENT", doc: p(allow({ Sid: "A" }), { Sid: "B", Resource: "arn:aws:s3:::b/*", Effect: "Allow", Action: ["s3:GetObject"] }), at: "{", nth: 2, path: [{ value: "Statement" }, { index: 1 }], details: "The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement." },
  { code: "WILDCARD_IN_SERVICE_NAME", doc: p(allow({ Resource: "arn:aws:*code*::111122223333:*" })), at: '"arn:aws:*code*::111122223333:*"', path: [...S0, { value: "Resource" }], details: "Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names." },
  { code: "REDUNDANT_CONDITION_VALUE_NUM", doc: p(allow({ Condition: { NumericLessThan: { "aws:MultiFactorAuthAge": ["2700", "3600"] } } })), at: '["2700","3600"]', path: cond("NumericLessThan", "aws:MultiFactorAuthAge") },
];

function span(doc: string, at: string, nth = 0) {
  if (at === "") return { start: 0, end: doc.length };
  let i = -1;
  for (let k = 0; k <= nth; k++) { i = doc.indexOf(at, i + 1); assert.ok(i >= 0, `${at} not in ${doc}`); }
  return { start: i, end: i + at.length };
}

describe("ValidatePolicy checks, one per row of AWS's check reference", () => {
  const catalog = testCatalog();
  for (const row of rows) {
    it(`${IMPLEMENTED_CHECKS[row.code] ?? "?"} ${row.code}`, () => {
      const findings = validatePolicyDocument(row.doc, { policyType: row.type ?? "IDENTITY_POLICY", resourceType: row.resourceType, catalog });
      const hits = findings.filter((f) => f.issueCode === row.code);
      assert.equal(hits.length, 1, `${row.code} once in ${JSON.stringify(findings.map((f) => f.issueCode))}`);
      const f = hits[0]!;
      assert.equal(f.findingType, IMPLEMENTED_CHECKS[row.code]);
      if (row.details) assert.equal(f.findingDetails, row.details);
      assert.match(f.learnMoreLink, /^https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/access-analyzer-reference-policy-checks\.html#access-analyzer-reference-policy-checks-(error|general-warning|security-warning|suggestion)-[a-z0-9-]+$/);
      const { start, end } = span(row.doc, row.at, row.nth);
      assert.deepEqual(f.locations, [{ path: row.path, span: { start: { line: 1, column: start, offset: start }, end: { line: 1, column: end, offset: end } } }]);
    });
  }

  it("every implemented check has a row, and the rows name only implemented checks", () => {
    assert.deepEqual(rows.map((r) => r.code).sort(), Object.keys(IMPLEMENTED_CHECKS).sort());
  });

  it("a clean policy has no findings; without the catalog the catalog checks stay quiet", () => {
    assert.deepEqual(validatePolicyDocument(p(allow({})), { policyType: "IDENTITY_POLICY", catalog }), []);
    assert.deepEqual(validatePolicyDocument(p(allow({ Action: "s3:GetObjekt" })), { policyType: "IDENTITY_POLICY" }), []);
  });

  it("well-formed Regions, VPC and endpoint IDs, service principals, variable defaults and trust policies pass", () => {
    const clean = (doc: string, policyType: AnalyzerPolicyType = "IDENTITY_POLICY", resourceType?: string) =>
      assert.deepEqual(validatePolicyDocument(doc, { policyType, resourceType, catalog }).map((f) => `${f.issueCode}: ${f.findingDetails}`), []);
    clean(p(allow({
      Action: "dynamodb:GetItem",
      Resource: ["arn:aws:dynamodb:*:123456789012:table/t", "arn:aws:dynamodb:${aws:RequestedRegion}:123456789012:table/t", "arn:aws-eusc:dynamodb:eusc-de-east-1:123456789012:table/t"],
      Condition: {
        StringEquals: { "aws:RequestedRegion": ["us-east-1", "ap-southeast-7"], "aws:SourceVpc": "vpc-1a2b3c4d", "aws:SourceVpce": "vpce-11223344556677889", "kms:ViaService": "dynamodb.us-west-2.amazonaws.com" },
        StringLike: { "aws:RequestedRegion": "eu-*", "aws:PrincipalServiceName": "*.amazonaws.com" },
      },
    })));
    clean(p(allow({ Action: "dynamodb:GetItem", Resource: "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/t" })));
    clean(p(allow({ Resource: "arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide'}" })));
    clean(p(trust({ Principal: { Service: ["ec2.amazonaws.com", "rolesanywhere.amazonaws.com"] }, Action: ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"] })), "RESOURCE_POLICY", TRUST);
    clean(p(trust({
      Principal: { Federated: GITHUB_OIDC }, Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:ref": "refs/heads/main" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:octo-org/app:*" } },
    })), "RESOURCE_POLICY", TRUST);
    clean(p(trust({ Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/corp" }, Action: "sts:AssumeRoleWithSAML" })), "RESOURCE_POLICY", TRUST);
    clean(p({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }), "RESOURCE_CONTROL_POLICY");
    clean(p(
      { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b", Condition: { StringLike: { "s3:prefix": "home/*" } } },
      { Effect: "Deny", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b", Condition: { StringNotLike: { "s3:prefix": "home/*" }, ArnLike: { "aws:SourceArn": "arn:aws:sns:*:123456789012:topic" } } },
      allow({ Action: "dynamodb:Query", Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/t", Condition: { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["id"] }, StringEquals: { "dynamodb:Select": "SPECIFIC_ATTRIBUTES" } } }),
    ));
    clean(p(resourceAllow({ Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } })), "RESOURCE_POLICY", "AWS::S3::Bucket");
    clean(p(trust({ Principal: { Federated: "accounts.google.com" }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "accounts.google.com:aud": "app.apps.googleusercontent.com" } } })), "RESOURCE_POLICY", TRUST);
  });

  it("positions count lines from 1 and columns from 0 on multi-line documents", () => {
    const doc = `{\n  ${V},\n  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]\n}`;
    const [f] = validatePolicyDocument(doc, { policyType: "IDENTITY_POLICY", catalog });
    const col = doc.split("\n")[2]!.indexOf('"*"');
    const offset = doc.indexOf('"*"');
    assert.deepEqual(f!.locations[0]!.span, { start: { line: 3, column: col, offset }, end: { line: 3, column: col + 3, offset: offset + 3 } });
  });
});

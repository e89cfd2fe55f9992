// Condition operators, set qualifiers and policy variables, one group per AWS documentation page.
import { describe } from "node:test";
import { allow, allowAll, conditionRows, MISSING, policy, request, runRows, user, type CondRow, type Row } from "./case-table.js";

const OPS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";

describe(`String condition operators — ${OPS}#Conditions_String`, () => {
  const rows: CondRow[] = [
    ["StringEquals", "aws:username", "alice", "alice", true],
    ["StringEquals", "aws:username", "alice", "Alice", false],
    ["StringEquals", "aws:username", ["bob", "alice"], "alice", true],
    ["StringEquals", "aws:username", ["bob", "carol"], "alice", false],
    ["StringEquals", "aws:username", "alice", MISSING, false],
    ["StringEquals", "aws:username", "alice", "", false],
    ["StringEquals", "aws:username", "al*", "alice", false],
    ["StringEquals", "aws:username", "al*", "al*", true],
    ["StringEquals", "ec2:InstanceType", "t3.micro", "t3.micro", true],
    ["StringEquals", "aws:PrincipalTag/team", "red", "red", true],
    ["StringEquals", "aws:PrincipalTag/team", "red", "blue", false],
    ["StringNotEquals", "aws:username", "alice", "alice", false],
    ["StringNotEquals", "aws:username", "alice", "bob", true],
    ["StringNotEquals", "aws:username", ["alice", "bob"], "bob", false],
    ["StringNotEquals", "aws:username", ["alice", "bob"], "carol", true],
    ["StringNotEquals", "aws:username", "alice", MISSING, true],
    ["StringNotEquals", "aws:username", "alice", "ALICE", true],
    ["StringEqualsIgnoreCase", "aws:username", "alice", "ALICE", true],
    ["StringEqualsIgnoreCase", "aws:username", "ALICE", "alice", true],
    ["StringEqualsIgnoreCase", "aws:username", "alice", "alicia", false],
    ["StringEqualsIgnoreCase", "aws:username", "alice", MISSING, false],
    ["StringEqualsIgnoreCase", "aws:username", ["x", "Bob"], "bOB", true],
    ["StringNotEqualsIgnoreCase", "aws:username", "alice", "ALICE", false],
    ["StringNotEqualsIgnoreCase", "aws:username", "alice", "bob", true],
    ["StringNotEqualsIgnoreCase", "aws:username", "alice", MISSING, true],
    ["StringLike", "s3:prefix", "home/*", "home/alice/x", true],
    ["StringLike", "s3:prefix", "home/*", "home/", true],
    ["StringLike", "s3:prefix", "home/*", "home", false],
    ["StringLike", "s3:prefix", "home/*", "Home/alice", false],
    ["StringLike", "s3:prefix", "h?me", "home", true],
    ["StringLike", "s3:prefix", "h?me", "hme", false],
    ["StringLike", "s3:prefix", "h?me", "hoome", false],
    ["StringLike", "s3:prefix", "*", "", true],
    ["StringLike", "s3:prefix", "*.txt", "a/b/c.txt", true],
    ["StringLike", "s3:prefix", "*.txt", "a/b/c.txt.bak", false],
    ["StringLike", "s3:prefix", "a*b*c", "aXXbYYc", true],
    ["StringLike", "s3:prefix", "a*b*c", "aXXbYY", false],
    ["StringLike", "s3:prefix", ["x/*", "home/*"], "home/a", true],
    ["StringLike", "s3:prefix", "home/*", MISSING, false],
    ["StringLike", "s3:prefix", "exact", "exact", true],
    ["StringNotLike", "s3:prefix", "home/*", "home/alice", false],
    ["StringNotLike", "s3:prefix", "home/*", "other/alice", true],
    ["StringNotLike", "s3:prefix", "home/*", MISSING, true],
    ["StringNotLike", "s3:prefix", ["a*", "b*"], "bob", false],
    ["StringNotLike", "s3:prefix", ["a*", "b*"], "carol", true],
  ];
  runRows(conditionRows(rows));
});

describe(`Numeric condition operators — ${OPS}#Conditions_Numeric`, () => {
  const rows: CondRow[] = [
    ["NumericEquals", "s3:max-keys", "10", "10", true],
    ["NumericEquals", "s3:max-keys", "10", 10, true],
    ["NumericEquals", "s3:max-keys", 10, "10.0", true],
    ["NumericEquals", "s3:max-keys", "10", "11", false],
    ["NumericEquals", "s3:max-keys", "10", "ten", false],
    ["NumericEquals", "s3:max-keys", "10", MISSING, false],
    ["NumericEquals", "s3:max-keys", ["5", "10"], "5", true],
    ["NumericNotEquals", "s3:max-keys", "10", "10", false],
    ["NumericNotEquals", "s3:max-keys", "10", "9", true],
    ["NumericNotEquals", "s3:max-keys", "10", MISSING, true],
    ["NumericLessThan", "s3:max-keys", "10", "9", true],
    ["NumericLessThan", "s3:max-keys", "10", "10", false],
    ["NumericLessThan", "s3:max-keys", "10", "-3", true],
    ["NumericLessThan", "s3:max-keys", "10", MISSING, false],
    ["NumericLessThanEquals", "s3:max-keys", "10", "10", true],
    ["NumericLessThanEquals", "s3:max-keys", "10", "10.5", false],
    ["NumericLessThanEquals", "s3:max-keys", "10", MISSING, false],
    ["NumericGreaterThan", "s3:max-keys", "10", "11", true],
    ["NumericGreaterThan", "s3:max-keys", "10", "10", false],
    ["NumericGreaterThan", "s3:max-keys", "1.5", "1.6", true],
    ["NumericGreaterThan", "s3:max-keys", "10", MISSING, false],
    ["NumericGreaterThanEquals", "s3:max-keys", "10", "10", true],
    ["NumericGreaterThanEquals", "s3:max-keys", "10", "9.99", false],
    ["NumericGreaterThanEquals", "aws:MultiFactorAuthAge", "3600", 7200, true],
    ["NumericLessThan", "aws:MultiFactorAuthAge", "3600", 100, true],
  ];
  runRows(conditionRows(rows));
});

describe(`Date condition operators — ${OPS}#Conditions_Date`, () => {
  const d = (s: string) => new Date(s);
  const rows: CondRow[] = [
    ["DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2019-06-01T00:00:00Z"), true],
    ["DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-06-01T00:00:00Z"), false],
    ["DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:00Z"), false],
    ["DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", MISSING, false],
    ["DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", "2019-12-31T23:59:59Z", true],
    ["DateLessThan", "aws:CurrentTime", "2020-01-01", "2019-12-31T23:59:59Z", true],
    ["DateLessThanEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:00Z"), true],
    ["DateLessThanEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:01Z"), false],
    ["DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:01Z"), true],
    ["DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2019-01-01T00:00:00Z"), false],
    ["DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", MISSING, false],
    ["DateGreaterThanEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:00Z"), true],
    ["DateGreaterThanEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2019-12-31T00:00:00Z"), false],
    ["DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:00Z"), true],
    ["DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:00.001Z"), false],
    ["DateEquals", "aws:CurrentTime", "2020-01-01T01:00:00+01:00", d("2020-01-01T00:00:00Z"), true],
    ["DateNotEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2020-01-01T00:00:00Z"), false],
    ["DateNotEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", d("2021-01-01T00:00:00Z"), true],
    ["DateNotEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z", MISSING, true],
    // Epoch seconds on either side.
    ["DateGreaterThan", "aws:EpochTime", "1577836800", 1577836801, true],
    ["DateGreaterThan", "aws:EpochTime", "1577836800", 1577836800, false],
    ["DateLessThan", "aws:EpochTime", "1577836800", "1577836799", true],
    ["DateEquals", "aws:CurrentTime", "1577836800", d("2020-01-01T00:00:00Z"), true],
    ["DateGreaterThan", "aws:TokenIssueTime", "2020-01-01T00:00:00Z", d("2024-05-01T00:00:00Z"), true],
    ["DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z", "not a date", false],
  ];
  runRows(conditionRows(rows));
});

describe(`Boolean and binary operators — ${OPS}#Conditions_Boolean`, () => {
  const rows: CondRow[] = [
    ["Bool", "aws:SecureTransport", "true", true, true],
    ["Bool", "aws:SecureTransport", "true", "true", true],
    ["Bool", "aws:SecureTransport", true, true, true],
    ["Bool", "aws:SecureTransport", "true", false, false],
    ["Bool", "aws:SecureTransport", "false", false, true],
    ["Bool", "aws:SecureTransport", "false", "false", true],
    ["Bool", "aws:SecureTransport", "true", MISSING, false],
    ["Bool", "aws:SecureTransport", "false", MISSING, false],
    ["Bool", "aws:MultiFactorAuthPresent", "true", true, true],
    ["Bool", "aws:MultiFactorAuthPresent", "true", "false", false],
    ["BinaryEquals", "key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", true],
    ["BinaryEquals", "key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NQ==", false],
    ["BinaryEquals", "key", "QmluYXJ5", MISSING, false],
    ["BinaryEquals", "key", ["AAAA", "QmluYXJ5"], "QmluYXJ5", true],
  ];
  // "key" lacks a vendor prefix on purpose in AWS's own example; use a prefixed one here.
  runRows(conditionRows(rows.map(([op, key, v, c, h]) => [op, key === "key" ? "ex:key" : key, v, c, h] as CondRow)));
});

describe(`IP address operators (IPv4 and IPv6) — ${OPS}#Conditions_IPAddress`, () => {
  const rows: CondRow[] = [
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", true],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.114.7", false],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.255", true],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.112.255", false],
    ["IpAddress", "aws:SourceIp", "10.0.0.0/8", "10.255.255.255", true],
    ["IpAddress", "aws:SourceIp", "0.0.0.0/0", "198.51.100.1", true],
    ["IpAddress", "aws:SourceIp", "203.0.113.7", "203.0.113.7", true],
    ["IpAddress", "aws:SourceIp", "203.0.113.7/32", "203.0.113.8", false],
    ["IpAddress", "aws:SourceIp", ["192.0.2.0/24", "203.0.113.0/24"], "192.0.2.44", true],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", MISSING, false],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "not-an-ip", false],
    ["IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true],
    ["IpAddress", "aws:SourceIp", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false],
    ["IpAddress", "aws:SourceIp", "2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true],
    ["IpAddress", "aws:SourceIp", "::1", "::1", true],
    ["IpAddress", "aws:SourceIp", "2001:db8::/32", "203.0.113.7", false],
    ["IpAddress", "aws:SourceIp", "203.0.113.0/24", "2001:db8::1", false],
    ["IpAddress", "aws:SourceIp", "::ffff:203.0.113.0/120", "::ffff:203.0.113.9", true],
    ["NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "203.0.113.7", false],
    ["NotIpAddress", "aws:SourceIp", "203.0.113.0/24", "198.51.100.7", true],
    ["NotIpAddress", "aws:SourceIp", "203.0.113.0/24", MISSING, true],
    ["NotIpAddress", "aws:SourceIp", ["10.0.0.0/8", "2001:db8::/32"], "2001:db8::5", false],
    ["NotIpAddress", "aws:SourceIp", ["10.0.0.0/8", "2001:db8::/32"], "2001:db9::5", true],
  ];
  runRows(conditionRows(rows));
});

describe(`ARN operators — ${OPS}#Conditions_ARN`, () => {
  const rows: CondRow[] = [
    ["ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic", true],
    ["ArnEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:other", false],
    ["ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:111122223333:topic", true],
    ["ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:444455556666:topic", false],
    ["ArnLike", "aws:SourceArn", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/app-web", true],
    ["ArnLike", "aws:SourceArn", "arn:aws:iam::*:role/app-*", "arn:aws:iam::111122223333:role/db", false],
    ["ArnLike", "aws:SourceArn", "arn:aws:iam::111122223333:*", "arn:aws:iam::111122223333:user/a/b", true],
    ["ArnLike", "aws:SourceArn", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b", true],
    ["ArnLike", "aws:SourceArn", "arn:aws:sns:us-*-1:111122223333:t", "arn:aws:sns:us-east-1:111122223333:t", true],
    ["ArnLike", "aws:SourceArn", "arn:aws:sns:us-*-1:111122223333:t", "arn:aws:sns:eu-west-1:111122223333:t", false],
    ["ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:t", "not-an-arn", false],
    ["ArnLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", MISSING, false],
    ["ArnEquals", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/Admin", "arn:aws:iam::111122223333:role/admin", false],
    ["ArnNotEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic", false],
    ["ArnNotEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:x", true],
    ["ArnNotEquals", "aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic", MISSING, true],
    ["ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:111122223333:t", false],
    ["ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:eu-west-1:444455556666:t", true],
    ["ArnNotLike", "aws:SourceArn", "arn:aws:sns:*:111122223333:*", MISSING, true],
  ];
  runRows(conditionRows(rows));
});

describe(`...IfExists operators — ${OPS}#Conditions_IfExists`, () => {
  const rows: CondRow[] = [
    ["StringEqualsIfExists", "ec2:InstanceType", ["t1.*", "t2.*"], MISSING, true],
    ["StringLikeIfExists", "ec2:InstanceType", ["t1.*", "t2.*"], "t2.micro", true],
    ["StringLikeIfExists", "ec2:InstanceType", ["t1.*", "t2.*"], "m5.large", false],
    ["StringEqualsIfExists", "aws:username", "alice", "alice", true],
    ["StringEqualsIfExists", "aws:username", "alice", "bob", false],
    ["StringNotEqualsIfExists", "aws:username", "alice", MISSING, true],
    ["StringNotEqualsIfExists", "aws:username", "alice", "alice", false],
    ["NumericLessThanIfExists", "s3:max-keys", "10", MISSING, true],
    ["NumericLessThanIfExists", "s3:max-keys", "10", "20", false],
    ["DateGreaterThanIfExists", "aws:TokenIssueTime", "2020-01-01T00:00:00Z", MISSING, true],
    ["DateGreaterThanIfExists", "aws:TokenIssueTime", "2020-01-01T00:00:00Z", "2019-01-01T00:00:00Z", false],
    ["BoolIfExists", "aws:MultiFactorAuthPresent", "true", MISSING, true],
    ["BoolIfExists", "aws:MultiFactorAuthPresent", "true", false, false],
    ["BoolIfExists", "aws:MultiFactorAuthPresent", "false", false, true],
    ["IpAddressIfExists", "aws:SourceIp", "10.0.0.0/8", MISSING, true],
    ["IpAddressIfExists", "aws:SourceIp", "10.0.0.0/8", "11.0.0.1", false],
    ["NotIpAddressIfExists", "aws:SourceIp", "10.0.0.0/8", MISSING, true],
    ["ArnLikeIfExists", "aws:SourceArn", "arn:aws:sns:*:*:*", MISSING, true],
    ["ArnLikeIfExists", "aws:SourceArn", "arn:aws:sns:*:*:*", "arn:aws:sqs:us-east-1:111122223333:q", false],
    ["BinaryEqualsIfExists", "ex:blob", "QQ==", MISSING, true],
  ];
  runRows(conditionRows(rows));
});

describe(`Null condition operator — ${OPS}#Conditions_Null`, () => {
  const rows: CondRow[] = [
    ["Null", "aws:TokenIssueTime", "true", MISSING, true],
    ["Null", "aws:TokenIssueTime", "true", "2024-01-01T00:00:00Z", false],
    ["Null", "aws:TokenIssueTime", "false", "2024-01-01T00:00:00Z", true],
    ["Null", "aws:TokenIssueTime", "false", MISSING, false],
    ["Null", "aws:TokenIssueTime", true, MISSING, true],
    ["Null", "aws:TokenIssueTime", false, "x", true],
    ["Null", "aws:TagKeys", "true", [], true],
    ["Null", "aws:TagKeys", "false", ["a"], true],
    ["Null", "aws:RequestTag/env", "false", "prod", true],
    ["Null", "aws:RequestTag/env", "false", MISSING, false],
  ];
  runRows(conditionRows(rows));
});

const MULTI = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";

describe(`Set operators on multivalued keys — ${MULTI}`, () => {
  const rows: CondRow[] = [
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ["environment"], true],
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ["environment", "cost-center"], true],
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ["environment", "owner"], false],
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], MISSING, true],
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment", "cost-center"], [], true],
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment"], "environment", true],
    ["ForAllValues:StringEquals", "aws:TagKeys", ["environment"], "owner", false],
    ["ForAllValues:StringLike", "aws:TagKeys", ["key1*"], ["key1", "key1-a"], true],
    ["ForAllValues:StringLike", "aws:TagKeys", ["key1*"], ["key1", "key2"], false],
    ["ForAllValues:StringLike", "aws:TagKeys", "Created*", ["CreatedBy", "CreatedAt"], true],
    ["ForAllValues:StringEqualsIgnoreCase", "aws:TagKeys", ["Env"], ["env", "ENV"], true],
    ["ForAllValues:StringNotEquals", "aws:TagKeys", ["secret"], ["a", "b"], true],
    ["ForAllValues:StringNotEquals", "aws:TagKeys", ["secret"], ["a", "secret"], false],
    ["ForAllValues:StringNotEquals", "aws:TagKeys", ["secret"], MISSING, true],
    ["ForAllValues:NumericLessThan", "ex:sizes", "10", ["1", "2", "9"], true],
    ["ForAllValues:NumericLessThan", "ex:sizes", "10", ["1", "12"], false],
    ["ForAllValues:ArnLike", "aws:PrincipalServiceNamesList", "arn:aws:*:*:*:*", ["arn:aws:s3:::b"], true],
    ["ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ["environment", "owner"], true],
    ["ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], ["owner", "team"], false],
    ["ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], MISSING, false],
    ["ForAnyValue:StringEquals", "aws:TagKeys", ["environment", "cost-center"], [], false],
    ["ForAnyValue:StringEquals", "aws:TagKeys", ["environment"], "environment", true],
    ["ForAnyValue:StringLike", "aws:TagKeys", ["team*"], ["owner", "team-x"], true],
    ["ForAnyValue:StringLike", "aws:TagKeys", ["team*"], ["owner"], false],
    ["ForAnyValue:StringNotEquals", "aws:TagKeys", ["a"], ["a", "b"], true],
    ["ForAnyValue:StringNotEquals", "aws:TagKeys", ["a"], ["a"], false],
    ["ForAnyValue:StringNotEquals", "aws:TagKeys", ["a"], MISSING, false],
    ["ForAnyValue:StringEqualsIfExists", "aws:TagKeys", ["a"], MISSING, true],
    ["ForAnyValue:StringEqualsIfExists", "aws:TagKeys", ["a"], ["b"], false],
    ["ForAllValues:StringEqualsIfExists", "aws:TagKeys", ["a"], MISSING, true],
    ["ForAnyValue:IpAddress", "ex:ips", "10.0.0.0/8", ["192.0.2.1", "10.1.1.1"], true],
    ["ForAllValues:IpAddress", "ex:ips", "10.0.0.0/8", ["192.0.2.1", "10.1.1.1"], false],
    ["ForAnyValue:NumericGreaterThan", "ex:sizes", "100", ["5", "500"], true],
    ["ForAnyValue:DateGreaterThan", "ex:dates", "2020-01-01T00:00:00Z", ["2019-01-01T00:00:00Z", "2021-01-01T00:00:00Z"], true],
  ];
  runRows(conditionRows(rows));
});

const COND = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html";

describe(`Condition blocks: AND across operators and keys, OR across values, key names case-insensitive — ${COND}`, () => {
  const two = { StringEquals: { "aws:PrincipalTag/team": "red", "aws:RequestedRegion": ["eu-west-1", "us-east-1"] }, Bool: { "aws:SecureTransport": "true" } };
  const p = policy("identity", [{ ...allowAll, Condition: two }]);
  const base = { "aws:PrincipalTag/team": "red", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": true };
  const rows: Row[] = [
    { name: "all keys match", set: { identity: [p] }, req: request({ context: base }), expect: "allowed" },
    { name: "second value of a key matches (OR)", set: { identity: [p] }, req: request({ context: { ...base, "aws:RequestedRegion": "eu-west-1" } }), expect: "allowed" },
    { name: "one key of the operator fails (AND)", set: { identity: [p] }, req: request({ context: { ...base, "aws:PrincipalTag/team": "blue" } }), expect: "implicitDeny" },
    { name: "the other operator fails (AND)", set: { identity: [p] }, req: request({ context: { ...base, "aws:SecureTransport": false } }), expect: "implicitDeny" },
    { name: "one key missing", set: { identity: [p] }, req: request({ context: { "aws:PrincipalTag/team": "red", "aws:SecureTransport": true } }), expect: "implicitDeny" },
    { name: "context key spelled in another case", set: { identity: [p] }, req: request({ context: { "AWS:PRINCIPALTAG/TEAM": "red", "aws:requestedregion": "us-east-1", "Aws:SecureTransport": "true" } }), expect: "allowed" },
    { name: "tag key part matched case-insensitively", set: { identity: [p] }, req: request({ context: { ...base, "aws:PrincipalTag/team": undefined, "aws:PrincipalTag/Team": "red" } }), expect: "allowed" },
    { name: "policy key spelled in another case", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringEquals: { "AWS:UserName": "alice" } } }])] }, req: request({ context: { "aws:username": "alice" } }), expect: "allowed" },
    { name: "values stay case-sensitive", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringEquals: { "aws:username": "alice" } } }])] }, req: request({ context: { "aws:username": "ALICE" } }), expect: "implicitDeny" },
    { name: "empty Condition block applies", set: { identity: [policy("identity", [{ ...allowAll, Condition: {} }])] }, req: request(), expect: "allowed" },
  ];
  runRows(rows);
});

const VARS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";

describe(`Policy variables — ${VARS}`, () => {
  const home = (version: string | null = "2012-10-17") =>
    policy("identity", [allow("s3:*", "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*")], version);
  const ctx = { "aws:username": "alice" };
  const obj = (who: string) => `arn:aws:s3:::amzn-s3-demo-bucket/home/${who}/file.txt`;
  const rows: Row[] = [
    { name: "${aws:username} in Resource matches the caller's own folder", set: { identity: [home()] }, req: request({ resource: obj("alice"), context: ctx }), expect: "allowed" },
    { name: "${aws:username} does not match another user's folder", set: { identity: [home()] }, req: request({ resource: obj("bob"), context: ctx }), expect: "implicitDeny" },
    { name: "no value for the variable: the resource does not match", set: { identity: [home()] }, req: request({ resource: obj("alice") }), expect: "implicitDeny" },
    { name: "variable key is case-insensitive", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${AWS:UserName}/*")])] }, req: request({ resource: "arn:aws:s3:::b/alice/x", context: ctx }), expect: "allowed" },
    { name: "Version 2008-10-17: the variable is literal text", set: { identity: [home("2008-10-17")] }, req: request({ resource: obj("alice"), context: ctx }), expect: "implicitDeny" },
    { name: "Version 2008-10-17: literal ${aws:username} matches itself", set: { identity: [home("2008-10-17")] }, req: request({ resource: obj("${aws:username}"), context: ctx }), expect: "allowed" },
    { name: "no Version: read as 2008-10-17", set: { identity: [home(null)] }, req: request({ resource: obj("alice"), context: ctx }), expect: "implicitDeny" },
    { name: "default value used when the key is missing", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide'}/*")])] }, req: request({ resource: "arn:aws:s3:::b/company-wide/x" }), expect: "allowed" },
    { name: "default value ignored when the key is present", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide'}/*")])] }, req: request({ resource: "arn:aws:s3:::b/company-wide/x", context: { "aws:PrincipalTag/team": "red" } }), expect: "implicitDeny" },
    { name: "tag variable matches the tag's folder", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'company-wide'}/*")])] }, req: request({ resource: "arn:aws:s3:::b/red/x", context: { "aws:PrincipalTag/team": "red" } }), expect: "allowed" },
    { name: "${*} is a literal asterisk", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${*}")])] }, req: request({ resource: "arn:aws:s3:::b/*" }), expect: "allowed" },
    { name: "${*} is not a wildcard", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${*}")])] }, req: request({ resource: "arn:aws:s3:::b/anything" }), expect: "implicitDeny" },
    { name: "${?} is a literal question mark", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/why${?}")])] }, req: request({ resource: "arn:aws:s3:::b/why?" }), expect: "allowed" },
    { name: "${?} does not match another character", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/why${?}")])] }, req: request({ resource: "arn:aws:s3:::b/whyX" }), expect: "implicitDeny" },
    { name: "${$} is a literal dollar sign", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${$}cash")])] }, req: request({ resource: "arn:aws:s3:::b/$cash" }), expect: "allowed" },
    { name: "a value with * is matched literally, not as a wildcard", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:username}/*")])] }, req: request({ resource: "arn:aws:s3:::b/anyone/x", context: { "aws:username": "*" } }), expect: "implicitDeny" },
    { name: "a multivalued key cannot be a variable", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:TagKeys}/*")])] }, req: request({ resource: "arn:aws:s3:::b/a/x", context: { "aws:TagKeys": ["a"] } }), expect: "implicitDeny" },
    { name: "variable in a condition value (StringEquals)", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringEquals: { "aws:ResourceTag/owner": "${aws:username}" } } }])] }, req: request({ context: { "aws:username": "alice", "aws:ResourceTag/owner": "alice" } }), expect: "allowed" },
    { name: "variable in a condition value mismatching", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringEquals: { "aws:ResourceTag/owner": "${aws:username}" } } }])] }, req: request({ context: { "aws:username": "alice", "aws:ResourceTag/owner": "bob" } }), expect: "implicitDeny" },
    { name: "variable in a condition with no value never matches", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringEquals: { "aws:ResourceTag/owner": "${aws:username}" } } }])] }, req: request({ context: { "aws:ResourceTag/owner": "alice" } }), expect: "implicitDeny" },
    { name: "variable in StringLike keeps the pattern's wildcards", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringLike: { "s3:prefix": ["${aws:username}/*"] } } }])] }, req: request({ context: { "aws:username": "alice", "s3:prefix": "alice/docs/a" } }), expect: "allowed" },
    { name: "variable in StringLike, other user's prefix", set: { identity: [policy("identity", [{ ...allowAll, Condition: { StringLike: { "s3:prefix": ["${aws:username}/*"] } } }])] }, req: request({ context: { "aws:username": "alice", "s3:prefix": "bob/docs" } }), expect: "implicitDeny" },
    { name: "variable in ArnLike", set: { identity: [policy("identity", [{ ...allowAll, Condition: { ArnLike: { "aws:SourceArn": "arn:aws:iam::*:user/${aws:username}" } } }])] }, req: request({ context: { "aws:username": "alice", "aws:SourceArn": "arn:aws:iam::111122223333:user/alice" } }), expect: "allowed" },
    { name: "${aws:userid} in Resource", set: { identity: [policy("identity", [allow("s3:*", "arn:aws:s3:::b/${aws:userid}/*")])] }, req: request({ resource: "arn:aws:s3:::b/AIDAEXAMPLE/x", context: { "aws:userid": "AIDAEXAMPLE" } }), expect: "allowed" },
    { name: "variable in the account segment", set: { identity: [policy("identity", [allow("iam:GetUser", "arn:aws:iam::${aws:PrincipalAccount}:user/*")])] }, req: request({ action: "iam:GetUser", resource: "arn:aws:iam::111122223333:user/x", context: { "aws:PrincipalAccount": "111122223333" } }), expect: "allowed" },
    { name: "variable in the account segment, other account", set: { identity: [policy("identity", [allow("iam:GetUser", "arn:aws:iam::${aws:PrincipalAccount}:user/*")])] }, req: request({ action: "iam:GetUser", resource: "arn:aws:iam::444455556666:user/x", context: { "aws:PrincipalAccount": "111122223333" } }), expect: "implicitDeny" },
    { name: "variable in NotResource", set: { identity: [policy("identity", [{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::b/${aws:username}/private" }])] }, req: request({ resource: "arn:aws:s3:::b/alice/private", context: ctx }), expect: "implicitDeny" },
    { name: "variable in NotResource, other path", set: { identity: [policy("identity", [{ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::b/${aws:username}/private" }])] }, req: request({ resource: "arn:aws:s3:::b/alice/public", context: ctx }), expect: "allowed" },
    { name: "an unrelated principal user: variable resolves to that user", set: { identity: [home()] }, req: request({ principal: user("bob"), resource: obj("bob"), context: { "aws:username": "bob" } }), expect: "allowed" },
  ];
  runRows(rows);
});

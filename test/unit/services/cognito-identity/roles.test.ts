// Which role an identity gets (role-based access control in the Cognito Developer Guide) and the session
// tags attributes for access control make, table by table.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { VerifiedLogin } from "../../../../src/services/cognito-identity/logins.js";
import { principalTagsOf } from "../../../../src/services/cognito-identity/principal-tags.js";
import type { IdentityPoolRecord, MappingRule } from "../../../../src/services/cognito-identity/records.js";
import { roleFor, ruleMatches } from "../../../../src/services/cognito-identity/roles.js";

const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;
const PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc";
const MAPPING_KEY = `${PROVIDER}:client1`;

const pool = (extra: Partial<IdentityPoolRecord> = {}): IdentityPoolRecord => ({
  IdentityPoolId: "us-east-1:p", IdentityPoolName: "p", AllowUnauthenticatedIdentities: true, CreationDate: "2026-01-01T00:00:00Z",
  signingKey: { kid: "k", privateJwk: {}, publicJwk: {} }, Roles: { authenticated: role("members"), unauthenticated: role("guests") }, ...extra,
});
const login = (claims: Record<string, unknown>, tokenRoles?: VerifiedLogin["tokenRoles"]): VerifiedLogin => ({
  kind: "userPool", provider: PROVIDER, userId: "sub-1", claims, roleMappingKey: MAPPING_KEY, amr: [PROVIDER], tokenRoles,
});
const code = (name: string, message?: string) => (e: unknown) => {
  assert.equal((e as { code: string }).code, name);
  if (message) assert.equal((e as Error).message, message);
  return true;
};

describe("ruleMatches", () => {
  const rule = (MatchType: MappingRule["MatchType"], Value: string): MappingRule => ({ Claim: "c", MatchType, Value, RoleARN: role("r") });
  const cases: [MappingRule, unknown, boolean][] = [
    [rule("Equals", "admin"), "admin", true], [rule("Equals", "admin"), "administrator", false],
    [rule("NotEqual", "admin"), "user", true], [rule("NotEqual", "admin"), "admin", false],
    [rule("StartsWith", "adm"), "admin", true], [rule("StartsWith", "min"), "admin", false],
    [rule("Contains", "dmi"), "admin", true], [rule("Contains", "xyz"), "admin", false],
    // A list claim (cognito:groups) matches through any member; NotEqual holds only if none equals.
    [rule("Equals", "admins"), ["users", "admins"], true], [rule("NotEqual", "admins"), ["users", "admins"], false],
    [rule("Contains", "dmin"), ["users", "admins"], true],
    // Numbers and booleans compare as their text; a missing claim matches no rule, not even NotEqual.
    [rule("Equals", "42"), 42, true], [rule("Equals", "true"), true, true], [rule("NotEqual", "x"), undefined, false],
  ];
  for (const [r, value, expected] of cases) {
    it(`${r.MatchType} ${JSON.stringify(r.Value)} against ${JSON.stringify(value)}: ${expected}`, () => {
      assert.equal(ruleMatches(r, value === undefined ? {} : { c: value }), expected);
    });
  }
});

describe("roleFor", () => {
  it("without logins: the unauthenticated role, or InvalidIdentityPoolConfigurationException when there is none", () => {
    assert.equal(roleFor(pool(), [], undefined), role("guests"));
    assert.throws(() => roleFor(pool({ Roles: { authenticated: role("members") } }), [], undefined), code("InvalidIdentityPoolConfigurationException"));
  });

  it("with logins and no mapping: the authenticated role", () => {
    assert.equal(roleFor(pool(), [login({})], undefined), role("members"));
    assert.throws(() => roleFor(pool({ Roles: {} }), [login({})], undefined), code("InvalidIdentityPoolConfigurationException"));
  });

  it("a Token mapping: the preferred role, a CustomRoleArn among the token's roles, else the ambiguous resolution", () => {
    const token = pool({ RoleMappings: { [MAPPING_KEY]: { Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" } } });
    const roles = { roles: [role("admins"), role("auditors")], preferred: role("admins") };
    assert.equal(roleFor(token, [login({}, roles)], undefined), role("admins"));
    assert.equal(roleFor(token, [login({}, roles)], role("auditors")), role("auditors"));
    assert.throws(() => roleFor(token, [login({}, roles)], role("members")), code("InvalidParameterException"));
    assert.equal(roleFor(token, [login({}, { roles: [] })], undefined), role("members"));
    const deny = pool({ RoleMappings: { [MAPPING_KEY]: { Type: "Token", AmbiguousRoleResolution: "Deny" } } });
    assert.throws(() => roleFor(deny, [login({}, { roles: [role("a"), role("b")] })], undefined),
      code("NotAuthorizedException", "The ambiguous role mapping rules denied this request"));
  });

  it("a Rules mapping: the first matching rule in order", () => {
    const rules = pool({ RoleMappings: { [MAPPING_KEY]: { Type: "Rules", AmbiguousRoleResolution: "Deny", RulesConfiguration: { Rules: [
      { Claim: "department", MatchType: "Equals", Value: "finance", RoleARN: role("finance") },
      { Claim: "email", MatchType: "Contains", Value: "@example.com", RoleARN: role("staff") },
    ] } } } });
    assert.equal(roleFor(rules, [login({ department: "finance", email: "a@example.com" })], undefined), role("finance"));
    assert.equal(roleFor(rules, [login({ department: "sales", email: "a@example.com" })], undefined), role("staff"));
    assert.throws(() => roleFor(rules, [login({ email: "a@elsewhere.test" })], undefined), code("NotAuthorizedException"));
  });

  it("a SAML response offering roles: its only role, or the CustomRoleArn among several", () => {
    const saml: VerifiedLogin = { kind: "saml", provider: "arn:aws:iam::000000000000:saml-provider/corp", userId: "jdoe", claims: {}, roleMappingKey: "arn:aws:iam::000000000000:saml-provider/corp",
      amr: [], tokenRoles: { roles: [role("engineers")] } };
    assert.equal(roleFor(pool(), [saml], undefined), role("engineers"));
    const two = { ...saml, tokenRoles: { roles: [role("engineers"), role("managers")] } };
    assert.equal(roleFor(pool(), [two], role("managers")), role("managers"));
    // A user pool token's cognito:roles choose nothing without a Token mapping.
    assert.equal(roleFor(pool(), [login({}, { roles: [role("admins")] })], undefined), role("members"));
  });
});

describe("principalTagsOf", () => {
  const claims = { sub: "sub-1", aud: "client1", department: "finance", groups: ["a", "b"] };
  it("no map for the provider: no tags", () => {
    assert.deepEqual(principalTagsOf(pool(), login(claims)), []);
  });
  it("the defaults map username to sub and client to aud; a map adds or overrides tags; list claims are skipped", () => {
    const mapped = pool({ principalTagMaps: { [PROVIDER]: { UseDefaults: true, PrincipalTags: { dept: "department", groups: "groups" } } } });
    assert.deepEqual(principalTagsOf(mapped, login(claims)),
      [{ Key: "username", Value: "sub-1" }, { Key: "client", Value: "client1" }, { Key: "dept", Value: "finance" }]);
  });
  it("a map named with the app client wins over the user pool's", () => {
    const both = pool({ principalTagMaps: {
      [PROVIDER]: { UseDefaults: true }, [MAPPING_KEY]: { UseDefaults: false, PrincipalTags: { dept: "department" } },
    } });
    assert.deepEqual(principalTagsOf(both, login(claims)), [{ Key: "dept", Value: "finance" }]);
  });
});

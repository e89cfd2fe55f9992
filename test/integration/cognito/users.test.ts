// Admin user APIs, ListUsers filters and paging, and groups, through the real SDK v3 client.
import { describe, it, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  AdminAddUserToGroupCommand, AdminConfirmSignUpCommand, AdminCreateUserCommand, AdminDeleteUserAttributesCommand, AdminDeleteUserCommand,
  AdminDisableUserCommand, AdminGetUserCommand, AdminListGroupsForUserCommand, AdminRemoveUserFromGroupCommand, AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand, CreateGroupCommand, DeleteGroupCommand, GetGroupCommand, ListGroupsCommand, ListUsersCommand,
  ListUsersInGroupCommand, SignUpCommand, UpdateGroupCommand, AdminInitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, claims, cognito, makePool, PASSWORD } from "./cognito-fixtures.js";

const emu = useEmulator();
let poolId = "";
let clientId = "";

let ready: Promise<void> | undefined;
beforeEach(() => {
  ready ??= (async () => { ({ poolId, clientId } = await makePool(emu, { Schema: [{ Name: "plan", AttributeDataType: "String" }] })); })();
  return ready;
});

describe("admin user APIs", () => {
  it("AdminCreateUser: FORCE_CHANGE_PASSWORD, sub first, attributes kept", async () => {
    const out = await cognito(emu).send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice", TemporaryPassword: "Temporary-1",
      UserAttributes: [{ Name: "email", Value: "alice@example.com" }, { Name: "custom:plan", Value: "gold" }] }));
    const user = out.User!;
    assert.equal(user.Username, "alice");
    assert.equal(user.UserStatus, "FORCE_CHANGE_PASSWORD");
    assert.equal(user.Enabled, true);
    assert.equal(user.Attributes![0]!.Name, "sub");
    assert.deepEqual(user.Attributes!.slice(1), [{ Name: "email", Value: "alice@example.com" }, { Name: "custom:plan", Value: "gold" }]);
    assert.ok(user.UserCreateDate instanceof Date);
  });

  it("AdminCreateUser refuses an existing username, a weak password, unknown attributes", async () => {
    const c = cognito(emu);
    await assert.rejects(c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "alice" })), awsRejects("UsernameExistsException", "User account already exists"));
    await assert.rejects(c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "weak", TemporaryPassword: "alllowercase1!" })),
      awsRejects("InvalidPasswordException", "Password did not conform with password policy: Password must have uppercase characters"));
    await assert.rejects(c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "odd", UserAttributes: [{ Name: "custom:nope", Value: "x" }] })),
      awsRejects("InvalidParameterException", "Attributes did not conform to the schema: custom:nope: Attribute does not exist in the schema."));
    await assert.rejects(c.send(new AdminCreateUserCommand({ UserPoolId: "us-east-1_missing00", Username: "x" })),
      awsRejects("ResourceNotFoundException", "User pool us-east-1_missing00 does not exist."));
  });

  it("AdminGetUser, AdminUpdateUserAttributes (email unverified again), AdminDeleteUserAttributes", async () => {
    const c = cognito(emu);
    await c.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "alice", UserAttributes: [{ Name: "email_verified", Value: "true" }, { Name: "name", Value: "Alice" }] }));
    let got = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    const attrs = () => Object.fromEntries(got.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs().email_verified, "true");
    assert.equal(attrs().name, "Alice");
    await c.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "alice", UserAttributes: [{ Name: "email", Value: "alice@new.example" }] }));
    got = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    assert.equal(attrs().email, "alice@new.example");
    assert.equal(attrs().email_verified, "false");
    await c.send(new AdminDeleteUserAttributesCommand({ UserPoolId: poolId, Username: "alice", UserAttributeNames: ["name"] }));
    got = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    assert.equal(attrs().name, undefined);
    await assert.rejects(c.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "alice", UserAttributes: [{ Name: "sub", Value: "x" }] })),
      awsRejects("InvalidParameterException", "Attributes did not conform to the schema: sub: Attribute cannot be updated. (changing an immutable attribute)"));
    await assert.rejects(c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "ghost" })), awsRejects("UserNotFoundException", "User does not exist."));
  });

  it("AdminSetUserPassword permanent confirms; temporary forces a change", async () => {
    const c = cognito(emu);
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: PASSWORD, Permanent: true }));
    assert.equal((await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }))).UserStatus, "CONFIRMED");
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: PASSWORD, Permanent: false }));
    assert.equal((await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }))).UserStatus, "FORCE_CHANGE_PASSWORD");
    await c.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "alice", Password: PASSWORD, Permanent: true }));
  });

  it("AdminConfirmSignUp confirms a signed-up user once", async () => {
    const c = cognito(emu);
    await c.send(new SignUpCommand({ ClientId: clientId, Username: "bob", Password: PASSWORD }));
    assert.equal((await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "bob" }))).UserStatus, "UNCONFIRMED");
    await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "bob" }));
    assert.equal((await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "bob" }))).UserStatus, "CONFIRMED");
    await assert.rejects(c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: "bob" })),
      awsRejects("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"));
  });

  it("AdminDeleteUser removes the user", async () => {
    const c = cognito(emu);
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "temp", MessageAction: "SUPPRESS" }));
    await c.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "temp" }));
    await assert.rejects(c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "temp" })), awsRejects("UserNotFoundException"));
  });
});

describe("ListUsers", () => {
  it("filters with = and ^=, on attributes, username, status; AttributesToGet", async () => {
    const c = cognito(emu);
    for (const [name, email] of [["carol", "carol@corp.example"], ["carl", "carl@corp.example"], ["dina", "dina@home.example"]] as const) {
      await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: name, MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: email }] }));
    }
    const names = async (Filter: string) => (await c.send(new ListUsersCommand({ UserPoolId: poolId, Filter }))).Users!.map((u) => u.Username).sort();
    assert.deepEqual(await names('email = "dina@home.example"'), ["dina"]);
    assert.deepEqual(await names('username ^= "car"'), ["carl", "carol"]);
    assert.deepEqual(await names('email ^= "car"'), ["carl", "carol"]);
    assert.deepEqual(await names('cognito:user_status = "UNCONFIRMED"'), []);
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "dina" }));
    assert.deepEqual(await names('status = "Disabled"'), ["dina"]);
    const only = await c.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'username = "carl"', AttributesToGet: ["email"] }));
    assert.deepEqual(only.Users![0]!.Attributes, [{ Name: "email", Value: "carl@corp.example" }]);
    await assert.rejects(c.send(new ListUsersCommand({ UserPoolId: poolId, Filter: "email = dina" })), awsRejects("InvalidParameterException", "Error while parsing filter."));
  });

  it("pages with Limit and PaginationToken", async () => {
    const c = cognito(emu);
    const all = (await c.send(new ListUsersCommand({ UserPoolId: poolId }))).Users!.map((u) => u.Username);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await c.send(new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken: token }));
      assert.ok(page.Users!.length <= 2);
      seen.push(...page.Users!.map((u) => u.Username!));
      token = page.PaginationToken;
    } while (token);
    assert.deepEqual(seen, all);
    assert.ok(all.length >= 5);
  });
});

describe("groups", () => {
  it("Create, Get, Update, List; duplicates refused", async () => {
    const c = cognito(emu);
    const created = await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "editors", Description: "Edit", Precedence: 5, RoleArn: "arn:aws:iam::000000000000:role/Editor" }));
    assert.equal(created.Group!.GroupName, "editors");
    assert.equal(created.Group!.Precedence, 5);
    assert.ok(created.Group!.CreationDate instanceof Date);
    await assert.rejects(c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "editors" })), awsRejects("GroupExistsException", "A group with the name editors already exists."));
    await c.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "editors", Description: "Edit things" }));
    const got = await c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "editors" }));
    assert.equal(got.Group!.Description, "Edit things");
    assert.equal(got.Group!.RoleArn, "arn:aws:iam::000000000000:role/Editor");
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "viewers", Precedence: 10 }));
    assert.deepEqual((await c.send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups!.map((g) => g.GroupName), ["editors", "viewers"]);
    await assert.rejects(c.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "nope" })), awsRejects("ResourceNotFoundException", "Group not found."));
  });

  it("membership: add, list both ways, groups in tokens, remove, delete group", async () => {
    const c = cognito(emu);
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "alice", GroupName: "editors" }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "alice", GroupName: "viewers" }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "carol", GroupName: "viewers" }));
    assert.deepEqual((await c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "alice" }))).Groups!.map((g) => g.GroupName), ["editors", "viewers"]);
    assert.deepEqual((await c.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "viewers" }))).Users!.map((u) => u.Username).sort(), ["alice", "carol"]);
    const auth = await c.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "alice", PASSWORD } }));
    const id = claims(auth.AuthenticationResult!.IdToken!);
    assert.deepEqual(id["cognito:groups"], ["editors", "viewers"]);
    assert.deepEqual(id["cognito:roles"], ["arn:aws:iam::000000000000:role/Editor"]);
    await c.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "alice", GroupName: "viewers" }));
    assert.deepEqual((await c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "alice" }))).Groups!.map((g) => g.GroupName), ["editors"]);
    await c.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "editors" }));
    assert.deepEqual((await c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "alice" }))).Groups, []);
    await assert.rejects(c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "ghost", GroupName: "viewers" })), awsRejects("UserNotFoundException", "User does not exist."));
  });
});

// Developer Guide, user pool attributes (aliases): a verified email used as an alias by one user cannot become
// another user's alias - AliasExistsException; where email is the username, UsernameExistsException.
describe("an email another user already signs in with", () => {
  it("as an alias: AliasExistsException; as the username: UsernameExistsException", async () => {
    const c = cognito(emu);
    const alias = await makePool(emu, { AliasAttributes: ["email"] });
    const verified = (email: string) => [{ Name: "email", Value: email }, { Name: "email_verified", Value: "true" }];
    await c.send(new AdminCreateUserCommand({ UserPoolId: alias.poolId, Username: "first", MessageAction: "SUPPRESS", UserAttributes: verified("shared@example.com") }));
    await c.send(new AdminCreateUserCommand({ UserPoolId: alias.poolId, Username: "second", MessageAction: "SUPPRESS", UserAttributes: verified("second@example.com") }));
    await assert.rejects(c.send(new AdminUpdateUserAttributesCommand({ UserPoolId: alias.poolId, Username: "second", UserAttributes: verified("SHARED@example.com") })),
      awsRejects("AliasExistsException", "An account with the given email already exists."));
    const byEmail = await makePool(emu, { UsernameAttributes: ["email"] });
    await c.send(new AdminCreateUserCommand({ UserPoolId: byEmail.poolId, Username: "taken@example.com", MessageAction: "SUPPRESS" }));
    await assert.rejects(c.send(new AdminCreateUserCommand({ UserPoolId: byEmail.poolId, Username: "taken@example.com", MessageAction: "SUPPRESS" })),
      awsRejects("UsernameExistsException"));
  });
});

// User pools and app clients through the real SDK v3 client against the spawned CLI.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AddCustomAttributesCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, DeleteUserPoolClientCommand, DeleteUserPoolCommand,
  DescribeUserPoolClientCommand, DescribeUserPoolCommand, GetUserPoolMfaConfigCommand, ListTagsForResourceCommand, ListUserPoolClientsCommand,
  ListUserPoolsCommand, SetUserPoolMfaConfigCommand, TagResourceCommand, UntagResourceCommand, UpdateUserPoolClientCommand, UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";
import { awsRejects, cognito } from "./cognito-fixtures.js";

const emu = useEmulator();

describe("user pools", () => {
  let poolId = "";

  it("CreateUserPool returns AWS's id format, ARN, defaults and the schema", async () => {
    const out = await cognito(emu).send(new CreateUserPoolCommand({
      PoolName: "shop", Policies: { PasswordPolicy: { MinimumLength: 10, RequireSymbols: false } },
      AutoVerifiedAttributes: ["email"], UsernameAttributes: ["email"], UserPoolTags: { team: "blue" },
      Schema: [{ Name: "tier", AttributeDataType: "String", Mutable: true }, { Name: "email", Required: true }],
    }));
    const pool = out.UserPool!;
    poolId = pool.Id!;
    assert.match(poolId, /^us-east-1_[A-Za-z0-9]{9}$/);
    assert.equal(pool.Name, "shop");
    assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`);
    assert.deepEqual(pool.Policies!.PasswordPolicy, {
      MinimumLength: 10, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true, RequireSymbols: false, TemporaryPasswordValidityDays: 7,
    });
    assert.equal(pool.MfaConfiguration, "OFF");
    assert.deepEqual(pool.UsernameAttributes, ["email"]);
    assert.deepEqual(pool.AutoVerifiedAttributes, ["email"]);
    assert.deepEqual(pool.UserPoolTags, { team: "blue" });
    assert.equal(pool.DeletionProtection, "INACTIVE");
    assert.equal(pool.EstimatedNumberOfUsers, 0);
    const byName = new Map(pool.SchemaAttributes!.map((a) => [a.Name, a]));
    assert.equal(byName.get("sub")!.Required, true);
    assert.equal(byName.get("sub")!.Mutable, false);
    assert.equal(byName.get("email")!.Required, true);
    assert.equal(byName.get("email_verified")!.AttributeDataType, "Boolean");
    assert.equal(byName.get("custom:tier")!.AttributeDataType, "String");
    assert.ok(pool.CreationDate instanceof Date);
  });

  it("DescribeUserPool of a missing pool: ResourceNotFoundException", async () => {
    await assert.rejects(cognito(emu).send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_nothere00" })),
      awsRejects("ResourceNotFoundException", "User pool us-east-1_nothere00 does not exist."));
  });

  it("UsernameAttributes and AliasAttributes together are refused", async () => {
    await assert.rejects(cognito(emu).send(new CreateUserPoolCommand({ PoolName: "x", UsernameAttributes: ["email"], AliasAttributes: ["phone_number"] })),
      awsRejects("InvalidParameterException", "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool."));
  });

  it("UpdateUserPool changes the policy; AddCustomAttributes adds and refuses duplicates", async () => {
    const c = cognito(emu);
    await c.send(new UpdateUserPoolCommand({ UserPoolId: poolId, Policies: { PasswordPolicy: { MinimumLength: 12 } }, AutoVerifiedAttributes: ["email"] }));
    await c.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "score", AttributeDataType: "Number" }] }));
    const pool = (await c.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    assert.equal(pool.Policies!.PasswordPolicy!.MinimumLength, 12);
    assert.equal(pool.Policies!.PasswordPolicy!.RequireSymbols, true, "members left out return to their defaults");
    assert.deepEqual(pool.UsernameAttributes, ["email"], "not updatable, kept");
    assert.equal(pool.SchemaAttributes!.find((a) => a.Name === "custom:score")!.AttributeDataType, "Number");
    await assert.rejects(c.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: "tier", AttributeDataType: "String" }] })),
      awsRejects("InvalidParameterException", "Existing attribute already has name custom:tier."));
  });

  // API_SchemaAttributeType: custom attributes cannot be required; a DeveloperOnlyAttribute is listed as
  // dev:custom:NAME; StringAttributeConstraints lengths are 0..2048 and NumberAttributeConstraints bounds numbers.
  it("custom attributes are checked as Cognito checks them, at creation and when added", async () => {
    const c = cognito(emu);
    await assert.rejects(c.send(new CreateUserPoolCommand({ PoolName: "req", Schema: [{ Name: "tenant", AttributeDataType: "String", Required: true }] })),
      awsRejects("InvalidParameterException", "Required custom attributes are not supported currently."));
    await assert.rejects(c.send(new CreateUserPoolCommand({ PoolName: "len", Schema: [{ Name: "code", AttributeDataType: "String", StringAttributeConstraints: { MinLength: "10", MaxLength: "2" } }] })),
      awsRejects("InvalidParameterException", "Min length cannot be greater than max length for custom:code."));
    await assert.rejects(c.send(new CreateUserPoolCommand({ PoolName: "big", Schema: [{ Name: "code", AttributeDataType: "String", StringAttributeConstraints: { MaxLength: "4096" } }] })),
      awsRejects("InvalidParameterException", /lengths must be whole numbers from 0 to 2048/));
    await assert.rejects(c.send(new CreateUserPoolCommand({ PoolName: "num", Schema: [{ Name: "age", AttributeDataType: "Number", NumberAttributeConstraints: { MinValue: "ten" } }] })),
      awsRejects("InvalidParameterException", /MinValue and MaxValue must be numbers/));
    const made = await c.send(new CreateUserPoolCommand({ PoolName: "dev", Schema: [{ Name: "secret", AttributeDataType: "String", DeveloperOnlyAttribute: true }] }));
    const listed = made.UserPool!.SchemaAttributes!.find((a) => a.Name === "dev:custom:secret");
    assert.equal(listed?.DeveloperOnlyAttribute, true);
    await assert.rejects(c.send(new AddCustomAttributesCommand({ UserPoolId: made.UserPool!.Id, CustomAttributes: [{ Name: "secret", AttributeDataType: "String" }] })),
      awsRejects("InvalidParameterException", "Existing attribute already has name custom:secret."));
    await assert.rejects(c.send(new AddCustomAttributesCommand({ UserPoolId: made.UserPool!.Id, CustomAttributes: [{ Name: "plan", AttributeDataType: "String", Required: true }] })),
      awsRejects("InvalidParameterException", "Required custom attributes are not supported currently."));
    await c.send(new DeleteUserPoolCommand({ UserPoolId: made.UserPool!.Id }));   // the paging test below counts pools
  });

  it("verification messages given either way are described both ways", async () => {
    const c = cognito(emu);
    const made = await c.send(new CreateUserPoolCommand({ PoolName: "msg", SmsVerificationMessage: "Code: {####}",
      VerificationMessageTemplate: { EmailMessage: "Mail code {####}", EmailSubject: "Your code" } }));
    const pool = (await c.send(new DescribeUserPoolCommand({ UserPoolId: made.UserPool!.Id }))).UserPool!;
    assert.equal(pool.SmsVerificationMessage, "Code: {####}");
    assert.equal(pool.EmailVerificationMessage, "Mail code {####}");
    assert.equal(pool.EmailVerificationSubject, "Your code");
    assert.deepEqual(pool.VerificationMessageTemplate, { DefaultEmailOption: "CONFIRM_WITH_CODE", SmsMessage: "Code: {####}", EmailMessage: "Mail code {####}", EmailSubject: "Your code" });
    await c.send(new DeleteUserPoolCommand({ UserPoolId: made.UserPool!.Id }));
  });

  // A pool created without any message settings describes them as AWS does: no top-level verification messages,
  // a VerificationMessageTemplate holding only DefaultEmailOption CONFIRM_WITH_CODE (the API reference's
  // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_VerificationMessageTemplateType.html,
  // and a recorded describe-user-pool answer: kengraf/nadialin's "b"), Cognito's own email sender, and the
  // AdminCreateUserConfig defaults.
  it("a pool created without message settings describes AWS's defaults", async () => {
    const c = cognito(emu);
    const made = await c.send(new CreateUserPoolCommand({ PoolName: "bare" }));
    const pool = (await c.send(new DescribeUserPoolCommand({ UserPoolId: made.UserPool!.Id }))).UserPool!;
    assert.deepEqual({
      SmsVerificationMessage: pool.SmsVerificationMessage, EmailVerificationMessage: pool.EmailVerificationMessage,
      EmailVerificationSubject: pool.EmailVerificationSubject, SmsAuthenticationMessage: pool.SmsAuthenticationMessage,
    }, { SmsVerificationMessage: undefined, EmailVerificationMessage: undefined, EmailVerificationSubject: undefined, SmsAuthenticationMessage: undefined });
    assert.deepEqual(pool.VerificationMessageTemplate, { DefaultEmailOption: "CONFIRM_WITH_CODE" });
    assert.deepEqual(pool.EmailConfiguration, { EmailSendingAccount: "COGNITO_DEFAULT" });
    assert.deepEqual(pool.AdminCreateUserConfig, { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 });
    assert.deepEqual(pool.LambdaConfig, {});
    assert.deepEqual(pool.UserPoolTags, {});
    assert.equal(pool.MfaConfiguration, "OFF");
    // UpdateUserPool without them puts the messages back to these defaults.
    await c.send(new UpdateUserPoolCommand({ UserPoolId: made.UserPool!.Id, SmsVerificationMessage: "Code: {####}" }));
    await c.send(new UpdateUserPoolCommand({ UserPoolId: made.UserPool!.Id }));
    const reset = (await c.send(new DescribeUserPoolCommand({ UserPoolId: made.UserPool!.Id }))).UserPool!;
    assert.equal(reset.SmsVerificationMessage, undefined);
    assert.deepEqual(reset.VerificationMessageTemplate, { DefaultEmailOption: "CONFIRM_WITH_CODE" });
    await c.send(new DeleteUserPoolCommand({ UserPoolId: made.UserPool!.Id }));
  });

  it("MFA configuration: TOTP on, then ON; ON without a factor is refused", async () => {
    const c = cognito(emu);
    await assert.rejects(c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON" })),
      awsRejects("InvalidParameterException", "Invalid MFA configuration given, can't turn on MFA and disable all MFA types."));
    const set = await c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    assert.equal(set.MfaConfiguration, "OPTIONAL");
    const got = await c.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.equal(got.MfaConfiguration, "OPTIONAL");
    assert.deepEqual(got.SoftwareTokenMfaConfiguration, { Enabled: true });
  });

  it("tags: TagResource, UntagResource, ListTagsForResource by ARN", async () => {
    const c = cognito(emu);
    const arn = `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${poolId}`;
    await c.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: "dev" } }));
    await c.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team"] }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, { env: "dev" });
  });

  it("ListUserPools pages with MaxResults and NextToken", async () => {
    const c = cognito(emu);
    for (const name of ["p1", "p2", "p3"]) await c.send(new CreateUserPoolCommand({ PoolName: name }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await c.send(new ListUserPoolsCommand({ MaxResults: 2, NextToken: token }));
      assert.ok(page.UserPools!.length <= 2);
      seen.push(...page.UserPools!.map((p) => p.Name!));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen.sort(), ["p1", "p2", "p3", "shop"]);
  });

  it("deletion protection blocks DeleteUserPool; a deleted pool is gone", async () => {
    const c = cognito(emu);
    const { UserPool } = await c.send(new CreateUserPoolCommand({ PoolName: "protected", DeletionProtection: "ACTIVE" }));
    await assert.rejects(c.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id })), awsRejects("InvalidParameterException",
      "The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first."));
    await c.send(new UpdateUserPoolCommand({ UserPoolId: UserPool!.Id, DeletionProtection: "INACTIVE" }));
    await c.send(new DeleteUserPoolCommand({ UserPoolId: UserPool!.Id }));
    await assert.rejects(c.send(new DescribeUserPoolCommand({ UserPoolId: UserPool!.Id })), awsRejects("ResourceNotFoundException"));
  });
});

describe("app clients", () => {
  let poolId = "";
  let clientId = "";

  it("CreateUserPoolClient: 26-character id, a 51-character secret, AWS's defaults", async () => {
    const c = cognito(emu);
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: "clients" }))).UserPool!.Id!;
    const app = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", GenerateSecret: true }))).UserPoolClient!;
    clientId = app.ClientId!;
    assert.match(clientId, /^[a-z0-9]{26}$/);
    assert.match(app.ClientSecret!, /^[a-z0-9]{51}$/);
    assert.equal(app.UserPoolId, poolId);
    assert.deepEqual(app.ExplicitAuthFlows, ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH"]);
    assert.equal(app.RefreshTokenValidity, 30);
    assert.equal(app.AccessTokenValidity, 60);
    assert.deepEqual(app.TokenValidityUnits, { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" });
    assert.equal(app.AuthSessionValidity, 3);
    assert.equal(app.EnableTokenRevocation, true);
  });

  it("mixing ALLOW_ and legacy flow names, or leaving out refresh, is refused", async () => {
    const c = cognito(emu);
    await assert.rejects(c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "x", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "USER_PASSWORD_AUTH"] })),
      awsRejects("InvalidParameterException", "ExplicitAuthFlows can't have both ALLOW_XXX and XXX values"));
    await assert.rejects(c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "x", ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] })),
      awsRejects("InvalidParameterException", "REFRESH_TOKEN_AUTH should always be allowed."));
  });

  it("Describe, Update (validities and units), List, Delete", async () => {
    const c = cognito(emu);
    const described = (await c.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
    assert.equal(described.ClientName, "web");
    const updated = (await c.send(new UpdateUserPoolClientCommand({
      UserPoolId: poolId, ClientId: clientId, ClientName: "web2", AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: "hours" },
    }))).UserPoolClient!;
    assert.equal(updated.ClientName, "web2");
    assert.equal(updated.AccessTokenValidity, 5);
    assert.deepEqual(updated.TokenValidityUnits, { AccessToken: "hours", IdToken: "minutes", RefreshToken: "days" });
    assert.equal(updated.ClientSecret, described.ClientSecret, "the secret survives updates");
    await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "second" }));
    const first = await c.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    assert.equal(first.UserPoolClients!.length, 1);
    const rest = await c.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1, NextToken: first.NextToken }));
    assert.equal(rest.UserPoolClients!.length, 1);
    assert.equal(rest.NextToken, undefined);
    assert.deepEqual([...first.UserPoolClients!, ...rest.UserPoolClients!].map((x) => x.ClientName).sort(), ["second", "web2"]);
    await c.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await assert.rejects(c.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })),
      awsRejects("ResourceNotFoundException", `User pool client ${clientId} does not exist.`));
  });
});

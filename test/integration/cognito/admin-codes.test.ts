// GET /_emulator/cognito/codes: the codes Cognito would have mailed, so tests and the extension can confirm
// a sign-up without an inbox.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CognitoIdentityProviderClient, CreateUserPoolCommand, CreateUserPoolClientCommand, SignUpCommand, ConfirmSignUpCommand, AdminGetUserCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { useEmulator } from "../../support/emulator.js";

const emu = useEmulator({ args: ["--no-persist"] });

describe("GET /_emulator/cognito/codes", () => {
  it("serves the sign-up code, which ConfirmSignUp then accepts", async () => {
    const cognito = new CognitoIdentityProviderClient(emu.clientConfig);
    const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: "codes", AutoVerifiedAttributes: ["email"] }));
    const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool!.Id!, ClientName: "app" }));
    await cognito.send(new SignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username: "carol", Password: "Passw0rd!x", UserAttributes: [{ Name: "email", Value: "carol@example.com" }] }));

    const res = await fetch(`${emu.endpoint}/_emulator/cognito/codes?poolId=${UserPool!.Id}&username=carol`);
    assert.equal(res.status, 200);
    const body = await res.json() as { poolId: string; codes: { username: string; purpose: string; code: string }[] };
    assert.equal(body.poolId, UserPool!.Id);
    const code = body.codes.find((c) => c.username === "carol");
    assert.ok(code, JSON.stringify(body));
    assert.match(code.code, /^\d{6}$/);

    await cognito.send(new ConfirmSignUpCommand({ ClientId: UserPoolClient!.ClientId!, Username: "carol", ConfirmationCode: code.code }));
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: UserPool!.Id!, Username: "carol" }));
    assert.equal(user.UserStatus, "CONFIRMED");
  });

  it("400 without poolId, 404 for an unknown pool", async () => {
    assert.equal((await fetch(`${emu.endpoint}/_emulator/cognito/codes`)).status, 400);
    assert.equal((await fetch(`${emu.endpoint}/_emulator/cognito/codes?poolId=us-east-1_nope`)).status, 404);
  });
});

// The web app of browser.test.ts, bundled by esbuild for the page: it signs a user in with SRP through
// amazon-cognito-identity-js, trades the ID token for role credentials and asks STS who it is, exactly as
// an SPA on a developer's machine calls AWS — every call cross-origin, from http://localhost:APP to the emulator.
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";

export interface AppConfig { endpoint: string; poolId: string; clientId: string; username: string; password: string; roleArn: string }

function signIn(pool: CognitoUserPool, username: string, password: string): Promise<CognitoUserSession> {
  const user = new CognitoUser({ Username: username, Pool: pool });
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), { onSuccess: resolve, onFailure: reject }));
}

async function run(config: AppConfig) {
  const pool = new CognitoUserPool({ UserPoolId: config.poolId, ClientId: config.clientId, endpoint: `${config.endpoint}/` });
  // An error answer is readable across origins too.
  const wrongPassword = await signIn(pool, config.username, "Wrong-Passw0rd!").then(() => undefined, (e: { code: string; message: string }) => ({ code: e.code, message: e.message }));
  const session = await signIn(pool, config.username, config.password);
  const idToken = session.getIdToken();
  // AssumeRoleWithWebIdentity is unsigned; the SDK sends it without credentials.
  const anonymous = new STSClient({ endpoint: config.endpoint, region: "us-east-1", credentials: { accessKeyId: "-", secretAccessKey: "-" } });
  const assumed = await anonymous.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: config.roleArn, RoleSessionName: "browser-app", WebIdentityToken: idToken.getJwtToken() }));
  const c = assumed.Credentials!;
  const sts = new STSClient({ endpoint: config.endpoint, region: "us-east-1", credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
  const me = await sts.send(new GetCallerIdentityCommand({}));
  const refused = await sts.send(new AssumeRoleCommand({ RoleArn: "not-an-arn", RoleSessionName: "x" })).then(
    () => undefined, (e: { name: string; $metadata: { httpStatusCode?: number; requestId?: string } }) => ({ name: e.name, status: e.$metadata.httpStatusCode, requestId: e.$metadata.requestId }));
  return { issuer: idToken.payload.iss as string, username: idToken.payload["cognito:username"] as string, arn: me.Arn, wrongPassword, refused };
}

(globalThis as unknown as { runApp: typeof run }).runApp = run;

// The same credentials in the three forms tests use: the pair, an SDK v3 client config, and env variables.
import type { Account, ClientConfig, Credentials } from "./types.js";

export function clientShapes(endpoint: string, region: string, credentials: Credentials): { credentials: Credentials; clientConfig: ClientConfig; env: Record<string, string> } {
  return {
    credentials,
    clientConfig: { endpoint, region, credentials },
    env: {
      AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region, AWS_DEFAULT_REGION: region,
    },
  };
}

export function accountConfig(account: { accountId: string; accessKeyId: string; secretAccessKey: string }, endpoint: string, region: string): Account {
  const { accountId, accessKeyId, secretAccessKey } = account;
  return { accountId, accessKeyId, secretAccessKey, ...clientShapes(endpoint, region, { accessKeyId, secretAccessKey }) };
}

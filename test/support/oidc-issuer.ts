// A local OIDC issuer for tests: an RS256 key pair whose public half is served at
// http://127.0.0.1:<port>/.well-known/jwks.json (port 0, loopback: the emulator may fetch it), and a way to
// sign ID tokens with it. Close it in `after`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** A JSON Web Key Set, as served and as written to an `emulator:jwks` file. */
export interface Jwks { readonly keys: readonly JWK[] }

export interface JwksServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** How many requests it has answered (any path): 0 proves the emulator never called it. */
  readonly requests: number;
  close(): Promise<void>;
}

export interface OidcIssuer extends JwksServer {
  readonly key: PrivateKey;
  /** The public half of `key` (kid k1). */
  readonly jwks: Jwks;
  /** An ID token of this issuer (kid k1): `claims` over iss, iat and exp (now + `lifetime` seconds), signed with `key`. */
  token(claims: Record<string, unknown>, lifetime?: number, key?: PrivateKey): Promise<string>;
}

/** A key no issuer publishes: tokens it signs must fail verification. */
export async function strangerKey(): Promise<PrivateKey> {
  return (await generateKeyPair("RS256")).privateKey;
}

/** Serves `jwks` at /.well-known/jwks.json on a free loopback port (404 elsewhere). */
export async function serveJwks(jwks: Jwks): Promise<JwksServer> {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    if (req.url === "/.well-known/jwks.json") { res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify(jwks)); }
    else { res.writeHead(404); res.end(); }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() { return requests; },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwks: Jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" }] };
  const served = await serveJwks(jwks);
  const url = served.url;
  return {
    url, key: privateKey, jwks,
    get requests() { return served.requests; },
    token(claims, lifetime = 600, key = privateKey) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(String(claims.iss ?? url))
        .setIssuedAt(now).setExpirationTime(now + lifetime).sign(key);
    },
    close: () => served.close(),
  };
}

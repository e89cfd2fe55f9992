// A local OIDC issuer for tests: an RS256 key pair whose public half is served at
// http://127.0.0.1:<port>/.well-known/jwks.json (port 0, loopback: the emulator may fetch it), and a way to
// sign ID tokens with it. Close it in `after`.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

export interface OidcIssuer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly key: PrivateKey;
  /** An ID token of this issuer (kid k1): `claims` over iss, iat and exp (now + `lifetime` seconds), signed with `key`. */
  token(claims: Record<string, unknown>, lifetime?: number, key?: PrivateKey): Promise<string>;
  close(): Promise<void>;
}

export async function startOidcIssuer(): Promise<OidcIssuer> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
  const server = createServer((req, res) => {
    if (req.url === "/.well-known/jwks.json") { res.writeHead(200, { "content-type": "application/json" }); res.end(JSON.stringify({ keys: [jwk] })); }
    else { res.writeHead(404); res.end(); }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url, key: privateKey,
    token(claims, lifetime = 600, key = privateKey) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer(String(claims.iss ?? url))
        .setIssuedAt(now).setExpirationTime(now + lifetime).sign(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

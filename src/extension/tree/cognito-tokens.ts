// "Sign in as this Cognito user": the tokens AdminInitiateAuth returns, with each JWT's header and claims
// decoded (not verified: the emulator just issued them) and its times in words. No `vscode` import.

export interface AuthenticationResult {
  readonly AccessToken?: string;
  readonly IdToken?: string;
  readonly RefreshToken?: string;
  readonly ExpiresIn?: number;
  readonly TokenType?: string;
}

function decodePart(part: string): unknown {
  return JSON.parse(Buffer.from(part.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8"));
}

/** A JWT's header and payload; undefined when the text is not a JWT (refresh tokens are opaque). */
export function decodeJwt(token: string): { header: unknown; payload: Record<string, unknown> } | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    return { header: decodePart(parts[0]!), payload: decodePart(parts[1]!) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

const timeClaims = ["exp", "iat", "auth_time", "nbf"];

/** The document shown after a sign-in: who, which client, the raw tokens and the decoded claims. */
export function signInDocument(who: { poolId: string; clientId: string; username: string }, result: AuthenticationResult): object {
  const decoded = (token: string | undefined) => {
    if (!token) return undefined;
    const jwt = decodeJwt(token);
    if (!jwt) return undefined;
    const times = Object.fromEntries(timeClaims.filter((k) => typeof jwt.payload[k] === "number")
      .map((k) => [k, new Date((jwt.payload[k] as number) * 1000).toISOString()]));
    return { header: jwt.header, claims: jwt.payload, times };
  };
  return {
    userPoolId: who.poolId,
    clientId: who.clientId,
    username: who.username,
    tokenType: result.TokenType,
    expiresIn: result.ExpiresIn,
    idToken: decoded(result.IdToken),
    accessToken: decoded(result.AccessToken),
    raw: { IdToken: result.IdToken, AccessToken: result.AccessToken, RefreshToken: result.RefreshToken },
  };
}

// GET /_emulator/cognito/codes?poolId=…&username=…: the codes Cognito would have mailed or texted (sign-up,
// forgot password, attribute verification, MFA and passwordless sign-in, invitations) with the message a user
// would have received, for tests and the extension. Read-only.
import type { Caller } from "../auth/caller.js";
import type { Authorizer } from "../auth/authorize.js";
import { cognitoIndexes } from "../services/cognito/records.js";
import { codesOf } from "../services/cognito/codes.js";
import { findUser } from "../services/cognito/user-records.js";
import { cognitoTables } from "../services/cognito/records.js";
import { AccountStore, type Store } from "../store/store.js";
import { adminError, type AdminAnswer } from "./admin-answer.js";

/** `signed`: a SigV4 caller, who sees only pools of its own account that it may AdminGetUser in. */
export function cognitoCodes(store: Store, query: URLSearchParams, defaults: { accountId: string; region: string },
                             signed?: { caller: Caller; authorizer: Authorizer }): AdminAnswer {
  const poolId = query.get("poolId");
  if (!poolId) return adminError("ValidationError", "Pass ?poolId=<user pool id>, and optionally &username=<username, email or sub>.", 400);
  // Never committed: a read-only view of the pool's own account and region.
  const lookup = new AccountStore(defaults.accountId, defaults.region, store.begin());
  const at = cognitoIndexes.pools(lookup).get(poolId);
  if (!at || (signed && at.accountId !== signed.caller.accountId)) return adminError("ResourceNotFoundException", `User pool ${poolId} does not exist.`, 404);
  const home = new AccountStore(at.accountId, at.region, lookup.tx);
  // Reading a user's codes is as much as reading the user: the same permission.
  signed?.authorizer.authorize({ caller: signed.caller, service: "cognito-idp", operation: "AdminGetUser", input: { UserPoolId: poolId, Username: query.get("username") ?? "" }, store: home, requestId: "_emulator/cognito/codes", region: at.region });
  const pool = cognitoTables.pools(home).get(poolId)!;
  const username = query.get("username") ?? undefined;
  const found = username === undefined ? undefined : findUser(home, pool, username);
  if (username !== undefined && !found) return adminError("UserNotFoundException", `User ${username} does not exist in ${poolId}.`, 404);
  const codes = codesOf(home, poolId, found?.user.Username).map((c) => ({
    username: c.username, purpose: c.purpose, code: c.code, attribute: c.attribute, destination: c.destination, deliveryMedium: c.deliveryMedium,
    subject: c.subject, message: c.message, createdAt: c.createdAt, expiresAt: c.expiresAt,
  }));
  return { status: 200, body: { poolId, codes } };
}

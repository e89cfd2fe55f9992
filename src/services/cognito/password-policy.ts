// The pool's password policy, checked wherever a password is set; AWS's messages name the first rule broken.
import { cognitoErrors } from "./errors.js";
import type { PoolRecord } from "./records.js";

// The symbols Cognito counts (its documented set), plus a space that is neither first nor last.
const SYMBOL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]|(?<=.) (?=.)/;

/** Throws InvalidPasswordException; `admin` is the AdminCreateUser/AdminSetUserPassword wording. */
export function checkPasswordPolicy(pool: PoolRecord, password: string, admin = false): void {
  const policy = pool.passwordPolicy;
  const fail = (reason: string): never => { throw cognitoErrors.invalidPassword(reason, admin); };
  if ([...password].length < policy.MinimumLength) fail("Password not long enough");
  if (policy.RequireUppercase && !/\p{Lu}/u.test(password)) fail("Password must have uppercase characters");
  if (policy.RequireLowercase && !/\p{Ll}/u.test(password)) fail("Password must have lowercase characters");
  if (policy.RequireNumbers && !/[0-9]/.test(password)) fail("Password must have numeric characters");
  if (policy.RequireSymbols && !SYMBOL.test(password)) fail("Password must have symbol characters");
}

/** A temporary password that passes the pool's policy (AdminCreateUser without TemporaryPassword). */
export function temporaryPassword(pool: PoolRecord, random: (n: number) => number): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "^$*.!@#%&"];
  const all = sets.join("");
  const chars = sets.map((s) => s[random(s.length)]!);
  while (chars.length < Math.max(pool.passwordPolicy.MinimumLength, 12)) chars.push(all[random(all.length)]!);
  return chars.join("");
}

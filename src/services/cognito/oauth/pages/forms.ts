// The managed login pages' bodies: sign in, sign up, confirm sign-up, forgot password, new password,
// TOTP sign-in step and TOTP setup, and the error page. Form fields are named as Cognito's hosted UI
// names them (username, password), so scripts written for it fill these too.
import { esc, field, form, hidden, link, messages } from "./layout.js";

export interface Links { readonly signIn: string; readonly signUp?: string; readonly forgot?: string }
export interface Provider { readonly name: string; readonly href: string }
export interface AttributeField { readonly name: string; readonly label: string; readonly type: string; readonly autocomplete?: string }

export function signInBody(p: { action: string; csrf: string; username?: string; error?: string; notice?: string; cognito: boolean; providers: readonly Provider[]; links: Links }): string {
  const idps = p.providers.length
    ? `<p class="idpDescription-customizable">Sign in with your corporate ID</p>\n${p.providers.map((x) => `<a class="idpButton-customizable" href="${esc(x.href)}">${esc(x.name)}</a>`).join("\n")}`
    : "";
  const own = p.cognito ? form(p.action, p.csrf,
    field({ name: "username", label: "Username", value: p.username, autocomplete: "username" }) + "\n" +
    field({ name: "password", label: "Password", type: "password", autocomplete: "current-password" }), "Sign in") : "";
  const links = [p.links.forgot && link(p.links.forgot, "Forgot your password?"), p.links.signUp && link(p.links.signUp, "Sign up")].filter(Boolean).join("\n");
  return `<h1>Sign in</h1>\n${messages(p.error, p.notice)}\n${idps}\n${own}\n${links && p.cognito ? `<div class="links">${links}</div>` : ""}`;
}

export function signUpBody(p: { action: string; csrf: string; attributes: readonly AttributeField[]; values: Readonly<Record<string, string>>; usernameLabel: string; error?: string; links: Links }): string {
  const inner = [
    field({ name: "username", label: p.usernameLabel, value: p.values.username, autocomplete: "username" }),
    ...p.attributes.map((a) => field({ name: `requiredAttributes[${a.name}]`, label: a.label, type: a.type, value: p.values[a.name], autocomplete: a.autocomplete })),
    field({ name: "password", label: "Password", type: "password", autocomplete: "new-password" }),
  ].join("\n");
  return `<h1>Sign up</h1>\n${messages(p.error)}\n${form(p.action, p.csrf, inner, "Sign up")}\n<div class="links"><span>Already have an account? ${link(p.links.signIn, "Sign in")}</span></div>`;
}

export function confirmBody(p: { action: string; csrf: string; username: string; sealed: string; destination?: string; error?: string }): string {
  const notice = p.destination ? `We have sent a code to ${p.destination}. Enter it below to confirm your account.` : "Enter the confirmation code to confirm your account.";
  const inner = `${hidden("username", p.username)}\n${hidden("session", p.sealed)}\n${field({ name: "code", label: "Verification code", autocomplete: "one-time-code", inputmode: "numeric" })}`;
  return `<h1>Confirm your account</h1>\n${messages(p.error, notice)}\n${form(p.action, p.csrf, inner, "Confirm account")}`;
}

export function forgotBody(p: { action: string; csrf: string; username?: string; error?: string; links: Links }): string {
  const inner = field({ name: "username", label: "Username", value: p.username, autocomplete: "username" });
  return `<h1>Forgot your password?</h1>\n${messages(p.error, "Enter your username and we will send you a code to reset your password.")}\n${form(p.action, p.csrf, inner, "Reset my password")}\n<div class="links">${link(p.links.signIn, "Back to sign in")}</div>`;
}

export function confirmForgotBody(p: { action: string; csrf: string; username: string; destination?: string; error?: string }): string {
  const inner = [
    hidden("username", p.username),
    field({ name: "code", label: "Code", autocomplete: "one-time-code", inputmode: "numeric" }),
    field({ name: "password", label: "New password", type: "password", autocomplete: "new-password" }),
    field({ name: "confirmPassword", label: "Enter new password again", type: "password", autocomplete: "new-password" }),
  ].join("\n");
  const notice = p.destination ? `We have sent a password reset code to ${p.destination}. Enter it below to reset your password.` : undefined;
  return `<h1>Reset your password</h1>\n${messages(p.error, notice)}\n${form(p.action, p.csrf, inner, "Change password")}`;
}

export function newPasswordBody(p: { action: string; csrf: string; username: string; session: string; attributes: readonly AttributeField[]; error?: string }): string {
  const inner = [
    hidden("username", p.username), hidden("session", p.session),
    ...p.attributes.map((a) => field({ name: `requiredAttributes[${a.name}]`, label: a.label, type: a.type, autocomplete: a.autocomplete })),
    field({ name: "password", label: "New password", type: "password", autocomplete: "new-password" }),
    field({ name: "confirmPassword", label: "Enter new password again", type: "password", autocomplete: "new-password" }),
  ].join("\n");
  return `<h1>Change password</h1>\n${messages(p.error, "Please enter a new password.")}\n${form(p.action, p.csrf, inner, "Send")}`;
}

/** The code of an MFA step: from an authenticator app, or sent by SMS or email (`challenge` and where to). */
export function mfaBody(p: { action: string; csrf: string; username: string; session: string; error?: string; challenge?: "SMS_MFA" | "EMAIL_OTP"; destination?: string }): string {
  const label = p.challenge ? `Code sent ${p.challenge === "SMS_MFA" ? "by SMS" : "by email"}${p.destination ? ` to ${p.destination}` : ""}` : "Code from your authenticator app";
  const inner = [
    hidden("username", p.username), hidden("session", p.session), ...(p.challenge ? [hidden("challenge", p.challenge)] : []),
    field({ name: "code", label, autocomplete: "one-time-code", inputmode: "numeric" }),
  ].join("\n");
  return `<h1>Multi-factor authentication</h1>\n${messages(p.error)}\n${form(p.action, p.csrf, inner, "Sign in")}`;
}

export function mfaSetupBody(p: { action: string; csrf: string; username: string; session: string; secret: string; qrDataUri: string; error?: string }): string {
  const inner = [
    hidden("username", p.username), hidden("session", p.session),
    field({ name: "code", label: "Code from your authenticator app", autocomplete: "one-time-code", inputmode: "numeric" }),
  ].join("\n");
  return `<h1>Set up multi-factor authentication</h1>\n${messages(p.error, "Scan the QR code with an authenticator app, or enter the secret key, then enter the code it shows.")}
<img class="qr" alt="QR code of the secret key" src="${esc(p.qrDataUri)}">
<p>Secret key: <span class="secret" id="totp-secret">${esc(p.secret)}</span></p>
${form(p.action, p.csrf, inner, "Verify")}`;
}

export function errorBody(p: { title: string; message: string; back?: string }): string {
  return `<h1>${esc(p.title)}</h1>\n${messages(p.message)}\n${p.back ? `<div class="links">${link(p.back, "Back")}</div>` : ""}`;
}

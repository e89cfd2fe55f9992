// The managed login pages (Cognito's hosted UI): sign in, sign up and its confirmation, forgot password,
// the new-password step, the MFA step (TOTP, SMS, email) and TOTP setup. Each runs through the very functions
// the user-pool API runs (passwordAuth, respond of auth-flows.ts, the SignUp, ConfirmSignUp, ForgotPassword,
// ConfirmForgotPassword, AssociateSoftwareToken and VerifySoftwareToken operations), so the pool's
// password policy, user records, codes and triggers apply exactly as for InitiateAuth; the pages act as the
// app client, SECRET_HASH included. Every page carries the authorization request's own query string.
import { randomBytes } from "node:crypto";
import { AwsError } from "../../../protocol/errors.js";
import type { HttpAnswer, HttpRequest } from "../../operation.js";
import { otpauthUri, qrPng } from "../../totp.js";
import { respond } from "../auth-flows.js";
import { passwordAuth } from "../password-auth.js";
import type { AuthResponse, Ctx } from "../sign-in.js";
import { secretHash } from "../clients.js";
import { uiCustomizationOf } from "../branding.js";
import { AssociateSoftwareToken, VerifySoftwareToken } from "../mfa.js";
import type { ClientRecord, UserRecord } from "../records.js";
import { seal, unseal } from "../sealed.js";
import { ConfirmForgotPassword, ConfirmSignUp, ForgotPassword, ResendConfirmationCode, SignUp } from "../sign-up.js";
import { parseAuthorizeRequest, type AuthorizeRequest } from "./authorize-request.js";
import { withoutLoginPage } from "./federation.js";
import { anonymousCaller, grant, type DomainContext } from "./grant.js";
import { cookie, htmlPage } from "./http.js";
import {
  confirmBody, confirmForgotBody, errorBody, forgotBody, mfaBody, mfaSetupBody, newPasswordBody, signInBody, signUpBody, type AttributeField,
} from "./pages/forms.js";

const CSRF_COOKIE = "XSRF-TOKEN";

const LABELS: Record<string, [string, string, string?]> = {
  email: ["Email", "email", "email"], phone_number: ["Phone number", "tel", "tel"], name: ["Name", "text", "name"],
  given_name: ["Given name", "text", "given-name"], family_name: ["Family name", "text", "family-name"], birthdate: ["Birthdate", "text", "bday"],
  preferred_username: ["Preferred username", "text", "username"], address: ["Address", "text", "street-address"],
};

/** A page that names a user mid-sign-in (sign-up confirmation): sealed, so the browser cannot change whom. */
interface PendingSignIn { u: string; p: string; e: number }

class LoginPages {
  private readonly csrf: string;
  private readonly csrfCookie: string[];

  constructor(private readonly d: DomainContext, private readonly req: HttpRequest, private readonly request: AuthorizeRequest) {
    const known = req.cookies[CSRF_COOKIE];
    this.csrf = known && /^[\w-]{22,}$/.test(known) ? known : randomBytes(24).toString("base64url");
    this.csrfCookie = known === this.csrf ? [] : [cookie(CSRF_COOKIE, this.csrf, d.cookiePath)];
  }

  private get client(): ClientRecord { return this.request.client; }
  private url(page: string): string { return `${this.d.urls.base}/${page}?${this.request.query}`; }
  private get cognitoAllowed(): boolean { return ((this.client.settings.SupportedIdentityProviders as string[] | undefined) ?? []).includes("COGNITO"); }
  private hash(username: string): string | undefined { return this.client.ClientSecret ? secretHash(this.client, username) : undefined; }

  /** A form arrives with the token its page set in the cookie (double submit), so another site cannot post it. */
  csrfOk(): boolean {
    const sent = this.req.form.get("_csrf");
    return sent !== null && sent === this.req.cookies[CSRF_COOKIE];
  }

  page(title: string, body: (csrf: string) => string, status = 200): HttpAnswer {
    return htmlPage({
      status, title, banner: this.client.ClientName, body: () => body(this.csrf), cookies: this.csrfCookie,
      customCss: uiCustomizationOf(this.d.ctx.store, this.d.pool.Id, this.client.ClientId)?.CSS,
    });
  }

  signIn(options: { error?: string; notice?: string; username?: string; status?: number } = {}): HttpAnswer {
    const supported = (this.client.settings.SupportedIdentityProviders as string[] | undefined) ?? [];
    const providers = supported.filter((n) => n !== "COGNITO").map((name) => {
      const params = new URLSearchParams(this.request.query);
      params.set("identity_provider", name);
      return { name, href: `${this.d.urls.authorize}?${params}` };
    });
    const selfSignUp = !(this.d.pool.settings.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined)?.AllowAdminCreateUserOnly;
    return this.page("Signin", (csrf) => signInBody({
      action: this.url("login"), csrf, username: options.username, error: options.error, notice: options.notice, cognito: this.cognitoAllowed, providers,
      links: { signIn: this.url("login"), signUp: selfSignUp ? this.url("signup") : undefined, forgot: this.url("forgotPassword") },
    }), options.status);
  }

  /** Runs one step of the API's sign-in with this page as the client; the last step grants the request. */
  async step(run: (ctx: Ctx) => Promise<AuthResponse>, username: string, onError: (message: string) => HttpAnswer, password?: string): Promise<HttpAnswer> {
    let done: { userKey: string; user: UserRecord } | undefined;
    const ctx: Ctx = {
      ...this.operationContext(onError),
      finish: async (s) => { done = { userKey: s.userKey, user: s.user }; return { ChallengeParameters: {} }; },
    };
    let answer: AuthResponse;
    try {
      answer = await run(ctx);
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      if (err.code === "UserNotConfirmedException" && password !== undefined) return this.confirmAfterSignIn(username, password);
      return onError(err.message);
    }
    if (done) return grant(this.d, this.request, done.userKey, done.user, Math.floor(this.d.ctx.clock.now().getTime() / 1000));
    return this.challenge(answer, username);
  }

  private async challenge(answer: AuthResponse, username: string, error?: string): Promise<HttpAnswer> {
    const session = answer.Session ?? "";
    const user = answer.ChallengeParameters.USER_ID_FOR_SRP ?? username;
    switch (answer.ChallengeName) {
      case "NEW_PASSWORD_REQUIRED":
        return this.page("Change password", (csrf) => newPasswordBody({ action: this.url("new-password"), csrf, username: user, session, attributes: this.missingRequired(answer), error }));
      case "SOFTWARE_TOKEN_MFA":
        return this.page("Multi-factor authentication", (csrf) => mfaBody({ action: this.url("mfa"), csrf, username: user, session, error }));
      case "SMS_MFA": case "EMAIL_OTP": {
        const challenge = answer.ChallengeName;
        const destination = answer.ChallengeParameters.CODE_DELIVERY_DESTINATION;
        return this.page("Multi-factor authentication", (csrf) => mfaBody({ action: this.url("mfa"), csrf, username: user, session, error, challenge, destination }));
      }
      case "MFA_SETUP": {
        const associated = await AssociateSoftwareToken({ ...this.operationContext(), input: { Session: session } });
        return this.mfaSetup(user, associated.Session ?? session, associated.SecretCode, error);
      }
      default:
        return this.signIn({ error: `${answer.ChallengeName ?? "This"} step cannot be completed on these pages: sign in through the API instead.`, status: 400 });
    }
  }

  private async mfaSetup(username: string, session: string, secret: string, error?: string): Promise<HttpAnswer> {
    const qr = await qrPng(otpauthUri(username, secret, this.d.pool.Name));
    return this.page("Set up multi-factor authentication", (csrf) => mfaSetupBody({
      action: this.url("mfa-setup"), csrf, username, session, secret, qrDataUri: `data:image/png;base64,${qr.toString("base64")}`, error,
    }));
  }

  /** Required attributes the user has no value for yet (the new-password page asks for them). */
  private missingRequired(answer: AuthResponse): AttributeField[] {
    const have = JSON.parse(answer.ChallengeParameters.userAttributes ?? "{}") as Record<string, string>;
    return this.requiredAttributes().filter((a) => !have[a.name]);
  }

  requiredAttributes(): AttributeField[] {
    const byUsername = (this.d.pool.settings.UsernameAttributes as string[] | undefined) ?? [];
    return this.d.pool.schema
      .filter((a) => a.Required && a.Name !== "sub" && !byUsername.includes(a.Name))
      .map((a) => {
        const [label, type, autocomplete] = LABELS[a.Name] ?? [a.Name.replace(/^custom:/, ""), a.AttributeDataType === "Number" ? "number" : "text"];
        return { name: a.Name, label, type, autocomplete };
      });
  }

  /**
   * The context the pages run operations with. A trigger that runs once the change is saved (post
   * authentication, post confirmation) and fails answers in the page's place, as Cognito's page shows it.
   */
  private operationContext(onError: (message: string) => HttpAnswer = (message) => this.signIn({ error: message, status: 400 })) {
    return {
      ...this.d.ctx, caller: anonymousCaller(this.d, this.req),
      afterCommit: (work: () => Promise<void>) => this.d.ctx.afterCommit(async () => {
        try {
          await work();
        } catch (err) {
          if (!(err instanceof AwsError)) throw err;
          return onError(err.message);
        }
      }),
    };
  }

  // --- the pages ---

  async postLogin(): Promise<HttpAnswer> {
    const username = this.req.form.get("username")?.trim() ?? "";
    const password = this.req.form.get("password") ?? "";
    if (!this.cognitoAllowed) return this.signIn({ error: "This app does not sign users in with a username and password.", status: 400 });
    if (!username || !password) return this.signIn({ error: "Enter your username and password.", username, status: 400 });
    return this.step((ctx) => passwordAuth(ctx, this.d.pool, this.client, { USERNAME: username, PASSWORD: password, SECRET_HASH: this.hash(username) }, { admin: false }),
      username, (message) => this.signIn({ error: message, username, status: 400 }), password);
  }

  async postNewPassword(): Promise<HttpAnswer> {
    const { username, session, password, confirm } = this.fields("username", "session", "password", "confirmPassword");
    const again = (error: string) => this.page("Change password", (csrf) => newPasswordBody({ action: this.url("new-password"), csrf, username, session, attributes: this.requiredAttributes(), error }), 400);
    if (password !== confirm) return again("Passwords do not match.");
    const attributes: Record<string, string> = {};
    for (const [name, value] of this.req.form) {
      const m = /^requiredAttributes\[(.+)\]$/.exec(name);
      if (m && value) attributes[`userAttributes.${m[1]}`] = value;
    }
    return this.step((ctx) => respond(ctx, this.d.pool, this.client, "NEW_PASSWORD_REQUIRED",
      { USERNAME: username, NEW_PASSWORD: password, SECRET_HASH: this.hash(username), ...attributes }, session, false, undefined), username, again);
  }

  async postMfa(): Promise<HttpAnswer> {
    const { username, session, code } = this.fields("username", "session", "code");
    // The session names its challenge too, so a changed field only fails the step.
    const sent = this.req.form.get("challenge");
    const challenge = sent === "SMS_MFA" || sent === "EMAIL_OTP" ? sent : undefined;
    const again = (error: string) => this.page("Multi-factor authentication", (csrf) => mfaBody({ action: this.url("mfa"), csrf, username, session, error, challenge }), 400);
    return this.step((ctx) => respond(ctx, this.d.pool, this.client, challenge ?? "SOFTWARE_TOKEN_MFA",
      { USERNAME: username, [`${challenge ?? "SOFTWARE_TOKEN_MFA"}_CODE`]: code, SECRET_HASH: this.hash(username) }, session, false, undefined), username, again);
  }

  async postMfaSetup(): Promise<HttpAnswer> {
    const { username, session, code } = this.fields("username", "session", "code");
    let next: string;
    try {
      next = (await VerifySoftwareToken({ ...this.operationContext(), input: { Session: session, UserCode: code } })).Session ?? session;
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      // A new secret, as Cognito's page starts the setup over after a wrong code.
      const associated = await Promise.resolve().then(() => AssociateSoftwareToken({ ...this.operationContext(), input: { Session: session } })).catch(() => undefined);
      if (!associated) return this.signIn({ error: err.message, username, status: 400 });
      const page = await this.mfaSetup(username, associated.Session ?? session, associated.SecretCode, err.message);
      return { ...page, status: 400 };
    }
    return this.step((ctx) => respond(ctx, this.d.pool, this.client, "MFA_SETUP", { USERNAME: username, SECRET_HASH: this.hash(username) }, next, false, undefined),
      username, (message) => this.signIn({ error: message, username, status: 400 }));
  }

  signUpPage(error?: string, values: Record<string, string> = {}, status = 200): HttpAnswer {
    const byUsername = (this.d.pool.settings.UsernameAttributes as string[] | undefined) ?? [];
    const usernameLabel = byUsername.includes("email") ? (byUsername.includes("phone_number") ? "Email or phone number" : "Email") : byUsername.includes("phone_number") ? "Phone number" : "Username";
    return this.page("Signup", (csrf) => signUpBody({
      action: this.url("signup"), csrf, attributes: this.requiredAttributes(), values, usernameLabel, error, links: { signIn: this.url("login") },
    }), status);
  }

  async postSignUp(): Promise<HttpAnswer> {
    const username = this.req.form.get("username")?.trim() ?? "";
    const password = this.req.form.get("password") ?? "";
    const attributes: { Name: string; Value: string }[] = [];
    const values: Record<string, string> = { username };
    for (const [name, value] of this.req.form) {
      const m = /^requiredAttributes\[(.+)\]$/.exec(name);
      if (m && value) { attributes.push({ Name: m[1]!, Value: value }); values[m[1]!] = value; }
    }
    if (!username || !password) return this.signUpPage("Enter a username and a password.", values, 400);
    let out;
    try {
      out = await SignUp({ ...this.operationContext(), input: { ClientId: this.client.ClientId, Username: username, Password: password, UserAttributes: attributes, SecretHash: this.hash(username) } });
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return this.signUpPage(err.message, values, 400);
    }
    if (out.UserConfirmed) return this.signInAs(username, password);
    return this.confirmPage(username, password, out.CodeDeliveryDetails?.Destination);
  }

  private confirmPage(username: string, password: string, destination?: string, error?: string): HttpAnswer {
    const pending: PendingSignIn = { u: username, p: password, e: this.d.ctx.clock.now().getTime() + 3_600_000 };
    return this.page("Confirm", (csrf) => confirmBody({
      action: this.url("confirm"), csrf, username, sealed: seal(this.d.pool.sessionKey, pending), destination, error,
    }), error ? 400 : 200);
  }

  /** A sign-in of an unconfirmed user: as Cognito's page, send a new code and ask for it. */
  private async confirmAfterSignIn(username: string, password: string): Promise<HttpAnswer> {
    let destination: string | undefined;
    try {
      destination = (await ResendConfirmationCode({ ...this.operationContext(), input: { ClientId: this.client.ClientId, Username: username, SecretHash: this.hash(username) } })).CodeDeliveryDetails?.Destination;
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return this.signIn({ error: err.message, username, status: 400 });
    }
    return this.confirmPage(username, password, destination);
  }

  async postConfirm(): Promise<HttpAnswer> {
    const { session, code } = this.fields("session", "code");
    const pending = unseal<PendingSignIn>(this.d.pool.sessionKey, session);
    if (!pending || pending.e <= this.d.ctx.clock.now().getTime()) return this.signIn({ error: "Your sign-up session has expired: sign in to continue.", status: 400 });
    try {
      await ConfirmSignUp({ ...this.operationContext(), input: { ClientId: this.client.ClientId, Username: pending.u, ConfirmationCode: code, SecretHash: this.hash(pending.u) } });
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return this.confirmPage(pending.u, pending.p, undefined, err.message);
    }
    // Confirmed: signed in at once, as Cognito's page does, and sent back to the app.
    return this.signInAs(pending.u, pending.p);
  }

  private signInAs(username: string, password: string): Promise<HttpAnswer> {
    return this.step((ctx) => passwordAuth(ctx, this.d.pool, this.client, { USERNAME: username, PASSWORD: password, SECRET_HASH: this.hash(username) }, { admin: false }),
      username, (message) => this.signIn({ error: message, username, status: 400 }), password);
  }

  forgotPage(error?: string, username?: string, status = 200): HttpAnswer {
    return this.page("Forgot password", (csrf) => forgotBody({ action: this.url("forgotPassword"), csrf, username, error, links: { signIn: this.url("login") } }), status);
  }

  async postForgot(): Promise<HttpAnswer> {
    const username = this.req.form.get("username")?.trim() ?? "";
    if (!username) return this.forgotPage("Enter your username.", username, 400);
    let destination: string | undefined;
    try {
      destination = (await ForgotPassword({ ...this.operationContext(), input: { ClientId: this.client.ClientId, Username: username, SecretHash: this.hash(username) } })).CodeDeliveryDetails?.Destination;
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return this.forgotPage(err.message, username, 400);
    }
    return this.page("Reset password", (csrf) => confirmForgotBody({ action: this.url("confirmForgotPassword"), csrf, username, destination }));
  }

  async postConfirmForgot(): Promise<HttpAnswer> {
    const { username, code, password, confirm } = this.fields("username", "code", "password", "confirmPassword");
    const again = (error: string) => this.page("Reset password", (csrf) => confirmForgotBody({ action: this.url("confirmForgotPassword"), csrf, username, error }), 400);
    if (password !== confirm) return again("Passwords do not match.");
    try {
      await ConfirmForgotPassword({ ...this.operationContext(), input: { ClientId: this.client.ClientId, Username: username, ConfirmationCode: code, Password: password, SecretHash: this.hash(username) } });
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      return again(err.message);
    }
    return this.signIn({ notice: "Your password has been changed: sign in with the new one.", username });
  }

  private fields<K extends string>(...names: K[]): Record<K extends "confirmPassword" ? "confirm" | K : K, string> {
    const out: Record<string, string> = {};
    for (const n of names) out[n === "confirmPassword" ? "confirm" : n] = this.req.form.get(n) ?? "";
    return out as never;
  }
}

const POSTS: Record<string, (p: LoginPages) => Promise<HttpAnswer>> = {
  login: (p) => p.postLogin(), "new-password": (p) => p.postNewPassword(), mfa: (p) => p.postMfa(), "mfa-setup": (p) => p.postMfaSetup(),
  signup: (p) => p.postSignUp(), confirm: (p) => p.postConfirm(), forgotPassword: (p) => p.postForgot(), confirmForgotPassword: (p) => p.postConfirmForgot(),
};
const GETS: Record<string, (p: LoginPages) => HttpAnswer> = {
  login: (p) => p.signIn(), signup: (p) => p.signUpPage(), forgotPassword: (p) => p.forgotPage(),
};

export const LOGIN_PAGES = new Set([...Object.keys(POSTS), ...Object.keys(GETS)]);

/** GET and POST of /login, /signup, /confirm, /forgotPassword, … (the authorization request in the query). */
export async function loginPage(d: DomainContext, req: HttpRequest, name: string): Promise<HttpAnswer | undefined> {
  const parsed = parseAuthorizeRequest(d.ctx.store, d.pool, d.urls, req.query);
  if ("answer" in parsed) return parsed.answer;
  const request = parsed.request;
  if (req.method === "GET") {
    const show = GETS[name];
    if (!show) return undefined;
    const shortcut = name === "login" ? await withoutLoginPage(d, req, request) : undefined;
    return shortcut ?? show(new LoginPages(d, req, request));
  }
  const post = POSTS[name];
  if (!post) return undefined;
  const pages = new LoginPages(d, req, request);
  if (!pages.csrfOk()) return pages.signIn({ error: "This form has expired. Please sign in again.", status: 403 });
  return post(pages);
}

export function errorPageAnswer(d: DomainContext, req: HttpRequest): HttpAnswer {
  const error = req.query.get("error") ?? "unknown_error";
  const description = req.query.get("error_description");
  const message = error === "redirect_mismatch"
    ? `redirect_mismatch: the redirect_uri is not one of the client's CallbackURLs${req.query.get("client_id") ? ` (client ${req.query.get("client_id")})` : ""}.`
    : `${error}${description ? `: ${description}` : ""}`;
  return htmlPage({ status: 400, title: "Error", banner: d.pool.Name, body: () => errorBody({ title: "An error was encountered with the requested page.", message }) });
}

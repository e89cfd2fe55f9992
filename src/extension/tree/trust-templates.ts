// The trust policies "Create Role" offers, as the console's "Trusted entity type" step does: a service
// (Lambda, EC2), another account, or a web identity (OIDC) provider. No `vscode` import.

export type TrustTemplateId = "lambda" | "ec2" | "account" | "oidc";

export interface TrustTemplate {
  readonly id: TrustTemplateId;
  readonly label: string;
  readonly detail: string;
  /** What the person must give, if anything. */
  readonly asks?: { readonly prompt: string; readonly placeHolder: string; readonly validate: (value: string) => string | undefined };
  readonly document: (answer: string, context: { accountId: string; oidcProviders: readonly { arn: string; url: string; clientIds: readonly string[] }[] }) => object;
}

const service = (principal: string) => () => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: principal }, Action: "sts:AssumeRole" }],
});

export const trustTemplates: readonly TrustTemplate[] = [
  { id: "lambda", label: "AWS Lambda", detail: "lambda.amazonaws.com may assume the role (a function's execution role)", document: service("lambda.amazonaws.com") },
  { id: "ec2", label: "Amazon EC2", detail: "ec2.amazonaws.com may assume the role (through an instance profile)", document: service("ec2.amazonaws.com") },
  {
    id: "account", label: "Another AWS account", detail: "Principals of that account may assume the role, if their own policies allow it",
    asks: {
      prompt: "The 12-digit id of the account whose principals may assume the role",
      placeHolder: "111122223333",
      validate: (v) => (/^\d{12}$/.test(v.trim()) ? undefined : "An AWS account id is 12 digits."),
    },
    document: (account) => ({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account.trim()}:root` }, Action: "sts:AssumeRole" }],
    }),
  },
  {
    id: "oidc", label: "Web identity (OIDC provider)", detail: "Tokens from an OIDC provider, through AssumeRoleWithWebIdentity",
    asks: {
      prompt: "The provider's URL without https:// (e.g. token.actions.githubusercontent.com); it should exist under Identity providers",
      placeHolder: "token.actions.githubusercontent.com",
      validate: (v) => (/^[\w.-]+(\/[\w./-]*)?$/.test(v.trim().replace(/^https:\/\//, "")) ? undefined : "Give a host name, optionally with a path."),
    },
    document: (url, { accountId, oidcProviders }) => {
      const host = url.trim().replace(/^https:\/\//, "").replace(/\/$/, "");
      const known = oidcProviders.find((p) => p.url.replace(/^https:\/\//, "") === host);
      const audience = known?.clientIds[0] ?? "sts.amazonaws.com";
      return {
        Version: "2012-10-17",
        Statement: [{
          Effect: "Allow",
          Principal: { Federated: known?.arn ?? `arn:aws:iam::${accountId}:oidc-provider/${host}` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { [`${host}:aud`]: audience } },
        }],
      };
    },
  },
];

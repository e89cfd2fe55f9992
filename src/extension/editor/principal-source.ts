// The linked emulator's users and roles, and each one's policies, for every "as principal" feature: simulations
// read them fresh on each run (and again when the emulator's state changes), so a result never rests on
// policies that have since changed.
import * as vscode from "vscode";
import { fetchPrincipalPolicies, listPrincipals, type PrincipalSummary } from "../../editor-core/principal-policies.js";
import type { PrincipalPolicies } from "../../editor-core/simulation.js";
import type { EmulatorLink } from "../wiring/emulator-link.js";

export const startCommand = "awsIdentityEmulator.start";

export class PrincipalPolicySource {
  constructor(private readonly link: Pick<EmulatorLink, "current">, private readonly log: vscode.LogOutputChannel) {}

  /** The endpoint, or undefined after telling the person to start the emulator (with a button that does). */
  async endpoint(why: string): Promise<string | undefined> {
    const current = this.link.current;
    if (current) return current.endpoint;
    const start = "Start Emulator";
    const answer = await vscode.window.showWarningMessage(`${why} reads the principal's policies from the running emulator. Start it, then try again.`, start);
    if (answer === start) await vscode.commands.executeCommand(startCommand);
    return undefined;
  }

  async policies(principalArn: string): Promise<PrincipalPolicies> {
    const endpoint = this.link.current?.endpoint;
    if (!endpoint) throw new Error("The AWS Identity Emulator is not running: start it to read the principal's policies.");
    return fetchPrincipalPolicies(endpoint, principalArn);
  }

  /** Asks which user or role; undefined when the person cancels. */
  async pick(title: string): Promise<string | undefined> {
    const endpoint = await this.endpoint("Simulating as a principal");
    if (!endpoint) return undefined;
    let principals: PrincipalSummary[] = [];
    try {
      principals = await listPrincipals(endpoint);
    } catch (err) {
      this.log.warn(`Could not list principals (${(err as Error).message}); asking for an ARN instead.`);
    }
    if (principals.length) return pickPrincipalFrom(principals, title);
    return vscode.window.showInputBox({
      title, prompt: "The emulator has no users or roles yet: give a user or role ARN", placeHolder: "arn:aws:iam::000000000000:user/alice", ignoreFocusOut: true,
      validateInput: (v) => (/^arn:[\w-]+:iam::\d{12}:(user|role)\/.+/.test(v) ? undefined : "Write a user or role ARN: arn:aws:iam::123456789012:user/name"),
    });
  }
}

/** The quick pick of the emulator's users and roles: the chosen one's ARN, undefined when cancelled. */
export async function pickPrincipalFrom(principals: readonly PrincipalSummary[], title: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    principals.map((p) => ({ label: `$(${p.type === "role" ? "account" : "person"}) ${p.name}`, description: p.type, detail: p.arn })),
    // ignoreFocusOut: run from a walkthrough step, the page takes focus back as the step completes.
    { title, matchOnDetail: true, placeHolder: "A user or role the emulator knows", ignoreFocusOut: true });
  return picked?.detail;
}

/** "arn:aws:iam::000000000000:user/team/alice" → "alice". */
export function principalName(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

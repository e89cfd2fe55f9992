// Writes a named profile into ~/.aws/config and ~/.aws/credentials without touching anything else in
// them: other profiles, comments, blank lines and keys of the same profile that we do not set all stay.
// No `vscode` import; the command in profile-commands.ts does the file I/O.
import { homedir } from "node:os";
import { join } from "node:path";
import type { EmulatorEndpoint } from "./aws-environment.js";

/** `[profile NAME]` in config (plain `[default]`), `[NAME]` in credentials: the CLI's own rule. */
export function configSectionName(profile: string): string {
  return profile === "default" ? "default" : `profile ${profile}`;
}

export function isValidProfileName(name: string): boolean {
  return /^[\w.+@-]+$/.test(name);
}

const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/;
const keyLine = /^\s*([^=\s#;][^=]*?)\s*=/;

/**
 * Sets `values` in section `section` of an INI text: existing keys change in place, missing ones are added
 * at the end of the section, a missing section is appended. Everything else is kept byte for byte.
 */
export function upsertIniSection(text: string, section: string, values: Record<string, string>): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const remaining = new Map(Object.entries(values));
  let start = -1;
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const m = header.exec(lines[i]!);
    if (!m) continue;
    if (start !== -1) { end = i; break; }
    if (m[1] === section) start = i;
  }
  if (start === -1) {
    const out = [...lines];
    if (out.length && out[out.length - 1]!.trim() !== "") out.push("");
    out.push(`[${section}]`, ...[...remaining].map(([k, v]) => `${k} = ${v}`));
    return out.join(eol) + eol;
  }
  for (let i = start + 1; i < end; i++) {
    const m = keyLine.exec(lines[i]!);
    if (m && remaining.has(m[1]!)) {
      lines[i] = `${m[1]} = ${remaining.get(m[1]!)}`;
      remaining.delete(m[1]!);
    }
  }
  // New keys go after the section's last non-blank line, before the blank lines that separate sections.
  let insertAt = end;
  while (insertAt > start + 1 && lines[insertAt - 1]!.trim() === "") insertAt--;
  lines.splice(insertAt, 0, ...[...remaining].map(([k, v]) => `${k} = ${v}`));
  return lines.join(eol) + eol;
}

/** The two files' new texts for profile `name` pointing at the emulator. */
export function profileFiles(name: string, e: EmulatorEndpoint, current: { config: string; credentials: string }): { config: string; credentials: string } {
  return {
    config: upsertIniSection(current.config, configSectionName(name), { region: e.region, endpoint_url: e.endpoint }),
    credentials: upsertIniSection(current.credentials, name, { aws_access_key_id: e.accessKeyId, aws_secret_access_key: e.secretAccessKey }),
  };
}

/** Where the CLI reads the two files: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them, as for the CLI. */
export function awsFilePaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(home, ".aws", "config"),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, ".aws", "credentials"),
  };
}

// "Simulate as principal": a principal's policies fetched from the running emulator's admin API.
//   GET {endpoint}/_emulator/principals                      → { principals: [{ arn, type, name }] }
//   GET {endpoint}/_emulator/principals/{arn}/policies       → { identity: [{ source, document }], boundary?: { source, document } }
// `document` is the policy JSON (text or object); `source` names it (inline name or managed policy ARN).
import { compilePolicy, type PolicySource } from "../policy/index.js";
import type { PrincipalPolicies } from "./simulation.js";

export interface PrincipalSummary { arn: string; type: "user" | "role" | string; name: string }

export interface RawPolicy { source: PolicySource | string; document: string | object }
export interface PrincipalPoliciesResponse { identity: RawPolicy[]; boundary?: RawPolicy | null }

type Fetch = (url: string, init?: { signal?: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown>; text(): Promise<string> }>;

export class EmulatorRequestError extends Error {
  constructor(message: string, readonly status?: number) { super(message); this.name = "EmulatorRequestError"; }
}

async function getJson(fetchImpl: Fetch, url: string, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchImpl(url, { signal: controller.signal });
    if (!res.ok) {
      const body = await res.text().catch(() => "");
      throw new EmulatorRequestError(`GET ${url} answered ${res.status}${body ? `: ${body.slice(0, 200)}` : ""}`, res.status);
    }
    return await res.json();
  } catch (err) {
    if (err instanceof EmulatorRequestError) throw err;
    throw new EmulatorRequestError(`The emulator at ${new URL(url).origin} did not answer (${(err as Error).message}). Is it running?`);
  } finally {
    clearTimeout(timer);
  }
}

/** Users and roles the emulator knows, for the principal picker. */
export async function listPrincipals(endpoint: string, fetchImpl: Fetch = fetch as unknown as Fetch, timeoutMs = 5000): Promise<PrincipalSummary[]> {
  const body = await getJson(fetchImpl, `${endpoint.replace(/\/$/, "")}/_emulator/principals`, timeoutMs) as { principals?: PrincipalSummary[] } | PrincipalSummary[];
  const list = Array.isArray(body) ? body : body.principals ?? [];
  return list.filter((p) => typeof p?.arn === "string");
}

function sourceOf(raw: RawPolicy, kind: PolicySource["kind"]): PolicySource {
  if (typeof raw.source === "string") return raw.source.startsWith("arn:") ? { kind, name: raw.source.slice(raw.source.lastIndexOf("/") + 1), arn: raw.source } : { kind, name: raw.source };
  return { ...raw.source, kind };
}

/** Compiles the response; a policy that does not compile is reported by name rather than silently dropped. */
export function compilePrincipalPolicies(principalArn: string, body: PrincipalPoliciesResponse): PrincipalPolicies {
  const compile = (raw: RawPolicy, kind: PolicySource["kind"]) => {
    const source = sourceOf(raw, kind);
    try {
      return compilePolicy(typeof raw.document === "string" ? raw.document : JSON.stringify(raw.document), source);
    } catch (err) {
      throw new EmulatorRequestError(`${principalArn}'s policy ${source.arn ?? source.name} does not compile: ${(err as Error).message}`);
    }
  };
  const out: PrincipalPolicies = { principalArn, identity: (body.identity ?? []).map((p) => compile(p, "identity")) };
  if (body.boundary) out.boundary = compile(body.boundary, "boundary");
  return out;
}

export async function fetchPrincipalPolicies(endpoint: string, principalArn: string, fetchImpl: Fetch = fetch as unknown as Fetch, timeoutMs = 5000): Promise<PrincipalPolicies> {
  const url = `${endpoint.replace(/\/$/, "")}/_emulator/principals/${encodeURIComponent(principalArn)}/policies`;
  const body = await getJson(fetchImpl, url, timeoutMs) as PrincipalPoliciesResponse;
  if (!body || !Array.isArray(body.identity)) throw new EmulatorRequestError(`GET ${url} answered without an "identity" list.`);
  return compilePrincipalPolicies(principalArn, body);
}

// The context keys a set of policies reads, for GetContextKeysForCustomPolicy / GetContextKeysForPrincipalPolicy:
// every condition key, and every key used as a policy variable (in 2012-10-17 policies), once each.
import type { CompiledPolicy } from "./compile.js";
import { variableKeys } from "./policy-variables.js";
import { equalsIgnoreCase } from "./wildcard.js";

export function contextKeysOf(policies: readonly CompiledPolicy[]): string[] {
  const out: string[] = [];
  const add = (k: string) => { if (!out.some((x) => equalsIgnoreCase(x, k))) out.push(k); };
  for (const p of policies) {
    const variables = p.version === "2012-10-17";
    for (const st of p.statements) {
      if (variables) for (const r of st.resources) for (const k of variableKeys(r.raw)) add(k);
      for (const c of st.conditions) {
        add(c.key);
        if (variables) for (const v of c.values) for (const k of variableKeys(v.raw)) add(k);
      }
    }
  }
  return out;
}

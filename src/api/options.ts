// startEmulator()'s options → the CLI's config, through the CLI's own option table: every flag is an option
// here (a new row in config.ts's OPTIONS is one at once), checked by the same parser, with the same messages.
import { ConfigError, DEFAULTS, OPTIONS, type EmulatorConfig } from "../config.js";
import type { EmulatorOptions } from "./types.js";

/** What a test suite wants unless it says otherwise: a free port, memory only, a quiet log. */
const API_DEFAULTS: Partial<EmulatorConfig> = { port: 0, host: "127.0.0.1", dataDir: null, logLevel: "warn" };
/** null means "none" where the CLI's default is none, and "memory only" for dataDir (--no-persist). */
const nullable = (key: string): boolean => key === "dataDir" || DEFAULTS[key as keyof EmulatorConfig] === null;
/** Options startEmulator() takes besides the CLI's: handled by the caller. */
const OWN = new Set<string>(["log"]);

export function configFromOptions(options: EmulatorOptions = {}): EmulatorConfig {
  const values: Record<string, unknown> = { ...DEFAULTS, ...API_DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || OWN.has(key)) continue;
    // A seed document is loaded as it is (startEmulator); only a path goes through the flag's parser.
    if (key === "seed" && typeof value === "object" && value !== null) continue;
    const option = OPTIONS.find((o) => o.key === key);
    if (!option) {
      throw new ConfigError(`Unknown option "${key}". startEmulator() takes the CLI's options: ${[...OPTIONS.map((o) => o.key), "log"].join(", ")}.`);
    }
    if (value === null) {
      if (!nullable(key)) throw new ConfigError(`Option "${key}" (${option.flag}) cannot be null.`);
      values[key] = null;
      continue;
    }
    // Handler files may come as a map of function name to FILE#EXPORT, the flag's entries otherwise.
    if (key === "lambdaHandlers" && typeof value === "object" && !Array.isArray(value)) {
      values[key] = option.parse(Object.entries(value as Record<string, unknown>).map(([name, target]) => `${name}=${String(target)}`).join(","));
      continue;
    }
    const raw = Array.isArray(value) ? value.join(",") : typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
    if (raw === undefined) throw new ConfigError(`Option "${key}" (${option.flag} ${option.arg}) takes a ${Array.isArray(DEFAULTS[key as keyof EmulatorConfig]) ? "list of strings" : "string or number"}.`);
    values[key] = option.parse(raw);
  }
  return values as unknown as EmulatorConfig;
}

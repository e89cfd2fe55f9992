// The command line and environment → EmulatorConfig, read with node:util.parseArgs (strict, no positionals)
// whose options come from the OPTIONS table in config.ts, so a new row is a new flag with no other change.
import { parseArgs as parseFlags } from "node:util";
import { ConfigError, DEFAULTS, lambdaEndpoint, NO_PERSIST, OPTIONS, type EmulatorConfig, type ParsedArgs } from "./config.js";

type FlagOptions = NonNullable<NonNullable<Parameters<typeof parseFlags>[0]>["options"]>;

/** node:util.parseArgs's options, derived from OPTIONS so a new row is a new flag. */
function flagOptions(): FlagOptions {
  const options: FlagOptions = { help: { type: "boolean", short: "h" }, version: { type: "boolean" }, [NO_PERSIST.flag.slice(2)]: { type: "boolean" } };
  for (const o of OPTIONS) options[o.flag.slice(2)] = { type: "string" };
  return options;
}

/** node:util.parseArgs's errors, in our words (they name the flag and what to do next). */
function flagError(err: unknown): ConfigError {
  const e = err as { code?: string; message: string };
  const named = /'(-[^' ]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return new ConfigError(`Unknown option ${named}. Run with --help to list the options.`);
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && named) {
    const option = OPTIONS.find((o) => o.flag === named);
    return new ConfigError(option ? `${named} needs a value (${option.arg}).` : `${named} takes no value.`);
  }
  if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return new ConfigError(`Unexpected argument ${/'([^']*)'/.exec(e.message)?.[1] ?? ""}. Run with --help to list the options.`);
  }
  return new ConfigError(e.message);
}

/** Flags win over environment variables, which win over defaults. */
export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ParsedArgs {
  const values: Record<string, unknown> = { ...DEFAULTS };
  for (const option of OPTIONS) {
    const raw = env[option.env];
    if (raw !== undefined && raw !== "") values[option.key] = option.parse(raw);
  }
  let flags: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try { flags = parseFlags({ args: [...argv], options: flagOptions(), strict: true, allowPositionals: false }).values; }
  catch (err) { throw flagError(err); }
  for (const option of OPTIONS) {
    const raw = flags[option.flag.slice(2)];
    if (typeof raw === "string") values[option.key] = option.parse(raw);
  }
  if (flags[NO_PERSIST.flag.slice(2)] === true || /^(1|true|yes)$/i.test(env[NO_PERSIST.env] ?? "")) values.dataDir = null;
  // The SDKs' own variables name a Lambda endpoint too, so an existing local Lambda set-up works unchanged.
  if (values.lambdaEndpoint === null) {
    const standard = env.AWS_ENDPOINT_URL_LAMBDA || env.AWS_ENDPOINT_URL;
    if (standard) values.lambdaEndpoint = lambdaEndpoint(standard);
  }
  return { config: values as unknown as EmulatorConfig, help: flags.help === true, version: flags.version === true };
}

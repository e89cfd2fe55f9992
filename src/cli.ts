// The standalone emulator: flags + env → config → start. The only place that reads process.argv.
// stdout carries exactly one JSON line (ready, or a fatal error) for the extension; people read stderr.
import { parseArgs } from "./cli-flags.js";
import { ConfigError, helpText, type EmulatorConfig } from "./config.js";
import { createLogger } from "./log.js";
import { startEmulator, type RunningEmulator } from "./server/emulator.js";
import { HistoryDamaged } from "./store/history.js";
import { repairDataDir } from "./store/repair.js";
import { VERSION } from "./version.js";

function emit(event: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(event) + "\n");
}

/** `aws-identity-emulator repair [--data-dir DIR]`: plain text for a person; exit 0 when the folder can start. */
function repair(argv: readonly string[]): void {
  try {
    const parsed = parseArgs(argv, process.env);
    if (parsed.help) { process.stdout.write(helpText(VERSION) + "\n"); return; }
    if (parsed.config.dataDir === null) throw new ConfigError("repair needs a data folder (--data-dir DIR), not --no-persist.");
    const outcome = repairDataDir(parsed.config.dataDir);
    process.stdout.write(outcome.lines.join("\n") + "\n");
  } catch (err) {
    process.stderr.write(`repair failed: ${(err as Error).message}\n`);
    process.exitCode = err instanceof ConfigError ? 2 : 1;
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "repair") { repair(process.argv.slice(3)); return; }
  let config: EmulatorConfig;
  try {
    const parsed = parseArgs(process.argv.slice(2), process.env);
    if (parsed.help) { process.stdout.write(helpText(VERSION) + "\n"); return; }
    if (parsed.version) { process.stdout.write(VERSION + "\n"); return; }
    config = parsed.config;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(err.message + "\n");
    emit({ event: "error", code: "CONFIG", message: err.message });
    process.exitCode = 2;
    return;
  }
  const log = createLogger(config.logLevel);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(config, log);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === "EADDRINUSE"
      ? `Port ${config.port} is in use by another process. Stop it, or choose another port with --port (0 picks a free one).`
      : code === "EACCES" && config.port < 1024
        ? `Port ${config.port} needs privileges to listen on. Choose a port above 1023 with --port.`
        : (err as Error).message;
    log.error(message);
    // DATA_DAMAGED: the extension offers `repair` for it.
    emit({ event: "error", code: code ?? (err instanceof HistoryDamaged ? "DATA_DAMAGED" : "START"), port: config.port, message });
    process.exitCode = code === "EADDRINUSE" ? 3 : 1;
    return;
  }
  // Handlers go in before the ready line: a supervisor may signal the moment it reads it.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    emulator.close().then(() => process.exit(0), (err: unknown) => { log.error(`shutdown failed: ${String(err)}`); process.exit(1); });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // The extension forks us with an IPC channel: if the extension host dies, so do we.
  if (process.send) process.on("disconnect", () => stop("parent disconnected"));
  const { endpoint, port } = emulator;
  emit({
    event: "ready", endpoint, host: config.host, port, pid: process.pid, mode: config.mode,
    dataDir: config.dataDir === null ? null : emulator.store.persistenceDescription.replace(/^file:/, ""),
    accountId: config.accountId, region: config.region,
    accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey, version: VERSION,
    // For the /_emulator/ endpoints that act, in authenticate and enforce modes: Authorization: Bearer adminToken.
    adminToken: emulator.adminToken,
  });
  log.info(`AWS Identity Emulator ${VERSION} ready on ${endpoint} (mode ${config.mode}, state ${config.dataDir === null ? "in memory" : `in ${emulator.store.persistenceDescription.replace(/^file:/, "")}`})`);
  log.info(`Use it with: AWS_ENDPOINT_URL=${endpoint} AWS_ACCESS_KEY_ID=${config.rootAccessKeyId} AWS_SECRET_ACCESS_KEY=${config.rootSecretAccessKey} AWS_REGION=${config.region}`);

}

main().catch((err: unknown) => {
  process.stderr.write(`fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
  emit({ event: "error", code: "FATAL", message: String(err) });
  process.exit(1);
});

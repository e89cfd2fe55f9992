// One-line log records on stderr (stdout carries only the machine-readable ready line).
import { systemClock, type Clock } from "./clock.js";
import type { LogLevel } from "./config.js";

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  enabled(level: LogLevel): boolean;
}

// Log lines carry the host's time (systemClock), so they line up with other logs even when a test moved the
// emulator's clock.
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l + "\n"), clock: Clock = systemClock): Logger {
  const at = (l: LogLevel) => (message: string) => {
    if (RANK[l] <= RANK[level]) write(`${clock.now().toISOString()} ${l.toUpperCase().padEnd(5)} ${message}`);
  };
  return { error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug"), enabled: (l) => RANK[l] <= RANK[level] };
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, enabled: () => false };

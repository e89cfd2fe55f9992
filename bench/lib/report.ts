// Repeated runs and what a benchmark reports: every figure is printed (min/median/max over its runs) and kept in
// out/bench/<bench>.json, from which `npm run bench -- --write-readme` writes the README's performance table.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LoadResult } from "./http-load.js";
import { ROOT } from "./processes.js";

export const quick = process.argv.includes("--quick");
const runsArg = process.argv.find((a) => a.startsWith("--runs="));
const runsOverride = runsArg === undefined ? undefined : Number(runsArg.slice("--runs=".length));
if (runsOverride !== undefined && !(Number.isInteger(runsOverride) && runsOverride >= 1)) throw new Error(`${runsArg}: a whole number of runs, at least 1`);

/** How many measured runs a figure takes: `--runs=N` when given (same work per run, fewer or more repeats), else
 * the benchmark's own count, or its shorter one under `--quick`. */
export const runCount = (full: number, short: number): number => runsOverride ?? (quick ? short : full);

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export interface Spread { readonly min: number; readonly median: number; readonly max: number; readonly runs: number }
export const spread = (xs: readonly number[]): Spread => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs), runs: xs.length });

export interface Repeated {
  readonly rate: Spread;
  /** Latency percentiles (ms), each the median over the runs. */
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
}

/** Runs `once` `runs` times (after `warmup` unmeasured runs) and summarizes its rates and latencies. */
export async function repeat(runs: number, once: (run: number) => Promise<LoadResult>, warmup = 1): Promise<Repeated> {
  for (let i = 0; i < warmup; i++) await once(-1 - i);
  const results: LoadResult[] = [];
  for (let i = 0; i < runs; i++) results.push(await once(i));
  return {
    rate: spread(results.map((r) => r.perSecond)),
    p50: median(results.map((r) => r.p50)),
    p99: median(results.map((r) => r.p99)),
    requests: results[0]!.requests,
  };
}

const int = (x: number) => Math.round(x).toLocaleString("en-US");
export const fmtRate = (r: Repeated, unit = "req/s") =>
  `${int(r.rate.median)} ${unit} (min ${int(r.rate.min)}, max ${int(r.rate.max)}, ${r.rate.runs} run${r.rate.runs > 1 ? "s" : ""}; p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms)`;
export const fmtMs = (s: Spread) => `${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)}, ${s.runs} run${s.runs > 1 ? "s" : ""})`;

/** One line of the README table: what was measured, our figure, each peer's (or why it is absent), the target. */
export interface Row {
  readonly id: string;
  readonly what: string;
  readonly ours: string;
  readonly moto?: string;
  readonly cognitoLocal?: string;
  readonly target?: string;
  /** Whether the target was met in this run. */
  readonly met?: boolean;
}

export class Report {
  private readonly rows: Row[] = [];
  constructor(private readonly bench: string) {}

  add(row: Row): void {
    this.rows.push(row);
    const peers = [row.moto && `moto: ${row.moto}`, row.cognitoLocal && `cognito-local: ${row.cognitoLocal}`].filter(Boolean).join("; ");
    const target = row.target ? `  [target ${row.target}: ${row.met === undefined ? "see figures" : row.met ? "met" : "NOT met"}]` : "";
    console.log(`  ${row.what}: ${row.ours}${peers ? `\n      ${peers}` : ""}${target}`);
  }

  /** Writes out/bench/<bench>.json for run.mjs (skipped in --quick runs, whose figures are not comparable). */
  save(): void {
    if (quick) return;
    const dir = join(ROOT, "out", "bench");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.bench}.json`), `${JSON.stringify({ bench: this.bench, rows: this.rows }, null, 2)}\n`);
  }
}

/** "12.3×" — how many times `ours` the peer's figure is, for higher-is-better rates. */
export const times = (ours: number, peer: number) => `${(ours / peer).toFixed(ours / peer >= 10 ? 0 : 1)}×`;

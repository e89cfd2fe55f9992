// The seed file: state loaded at start-up through the same operations clients call, so a seed is
// validated exactly as API input is. A bad seed stops start-up naming the file, the path and the problem.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { rootCaller } from "../auth/caller.js";
import type { Clock } from "../clock.js";
import type { EmulatorConfig } from "../config.js";
import type { Logger } from "../log.js";
import type { LambdaHandlerMapping } from "../config.js";
import type { LambdaInvoker } from "../lambda/invoker.js";
import type { Outbound } from "../outbound/outbound.js";
import { AwsError } from "../protocol/errors.js";
import { MODELS, type ServiceId } from "../protocol/model.js";
import { validateInput, validationMessage } from "../protocol/validate.js";
import type { ServiceHandlers } from "../services/operation.js";
import { AccountStore, type Store } from "../store/store.js";
import { seedSections, type SeedApi } from "./sections.js";

export class SeedError extends Error {}

export interface SeedDeps {
  readonly store: Store;
  readonly config: EmulatorConfig;
  readonly clock: Clock;
  readonly log: Logger;
  readonly services: ReadonlyMap<ServiceId, ServiceHandlers>;
  readonly outbound: Outbound;
  readonly lambda: LambdaInvoker;
  /** Where the seed's "lambda" section puts its handler files. */
  readonly addLambdaHandlers?: (mappings: readonly LambdaHandlerMapping[]) => void;
}

export async function loadSeedFile(file: string, deps: SeedDeps): Promise<void> {
  let text: string;
  try { text = readFileSync(file, "utf8"); }
  catch (err) { throw new SeedError(`Seed file ${file} cannot be read: ${(err as Error).message}`); }
  let doc: unknown;
  try { doc = JSON.parse(text); }
  catch (err) { throw new SeedError(`Seed file ${file} is not valid JSON: ${(err as Error).message}`); }
  await loadSeed(doc, deps, file);
}

/** Applies a parsed seed document in one transaction: all of it or, on any error, none of it. */
export async function loadSeed(doc: unknown, deps: SeedDeps, file = "seed"): Promise<void> {
  if (!isObject(doc)) throw new SeedError(`Seed file ${file}: the top level must be a JSON object.`);
  const tx = deps.store.begin();
  const afterCommit: (() => Promise<void>)[] = [];
  let path = "$";
  const api: SeedApi = {
    async call(service, operation, input, at, accountId = deps.config.accountId, region = deps.config.region) {
      path = at;
      const op = MODELS[service].operations[operation]!;
      if (op.input) {
        const problems = validateInput(MODELS[service], op.input.shape, input);
        if (problems.length) throw new SeedError(validationMessage(problems));
      }
      const handler = deps.services.get(service)?.operations[operation];
      if (!handler) throw new SeedError(`${service} ${operation} is not implemented, so this seed entry cannot be loaded.`);
      return handler({
        input, caller: rootCaller(accountId, "127.0.0.1"), store: new AccountStore(accountId, region, tx),
        clock: deps.clock, config: deps.config, log: deps.log, requestId: "seed", origin: `http://${deps.config.host}:${deps.config.port}`, region,
        outbound: deps.outbound, lambda: deps.lambda, afterCommit: (work) => { afterCommit.push(work); },
      });
    },
    store: (accountId = deps.config.accountId, region = deps.config.region) => new AccountStore(accountId, region, tx),
    clock: deps.clock,
    baseDir: file === "seed" ? process.cwd() : dirname(resolve(file)),
    addLambdaHandlers: (mappings) => deps.addLambdaHandlers?.(mappings),
  };
  try {
    for (const [key, value] of Object.entries(doc)) {
      const section = seedSections[key];
      if (!section) throw new SeedError(`unknown section "${key}" (known: ${Object.keys(seedSections).join(", ")})`);
      path = `$.${key}`;
      await section(value, api, `$.${key}`);
    }
  } catch (err) {
    tx.rollback();
    const reason = err instanceof AwsError ? `${err.code}: ${err.message}` : (err as Error).message;
    throw new SeedError(`Seed file ${file}, at ${path}: ${reason}`);
  }
  await tx.commit();
  for (const work of afterCommit) await work();
  deps.log.info(`loaded seed ${file}`);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Builds a running emulator from a config: store, services, auth, transport. Used by the CLI and tests.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Authenticator } from "../auth/identity.js";
import { createAuthorizer } from "../auth/authorize.js";
import { DecisionLog } from "../auth/decision-log.js";
import { RequestLog } from "../auth/request-log.js";
import { principalPolicies, resourcePolicy } from "../services/iam/principal-policies.js";
import { encodeAuthorizationMessage } from "../services/sts/authorization-message.js";
import { OffsetClock } from "../clock.js";
import type { EmulatorConfig, LambdaHandlerMapping } from "../config.js";
import type { Logger } from "../log.js";
import type { ServiceId } from "../protocol/model.js";
import { serviceHandlers } from "../services/registry.js";
import { LambdaFunctions } from "../lambda/functions.js";
import { allowListPolicy, Outbound } from "../outbound/outbound.js";
import { Store } from "../store/store.js";
import { openStore } from "../store/open-store.js";
import { loadSeed, loadSeedFile } from "../seed/seed.js";
import { importStateFileAt, writeStateFileAt } from "../state/state-file.js";
import { ADMIN_PREFIX, handleAdmin } from "./admin.js";
import { emulatorControl, type EmulatorControl } from "./control.js";
import { handleAwsRequest, type GatewayDeps } from "./gateway.js";
import { createHttpServer } from "./http-server.js";
import { isLoopbackAddress, OriginGuard } from "./origin-guard.js";
import { handleServiceRoute } from "./service-routes.js";
import { Forwarder } from "./forward/forwarder.js";
import { Upstreams } from "./forward/upstreams.js";

export interface RunningEmulator {
  readonly endpoint: string;
  readonly port: number;
  readonly config: EmulatorConfig;
  readonly store: Store;
  /** Accounts, resets, state files, seed export and the clock: what /_emulator/* and the npm package use. */
  readonly control: EmulatorControl;
  readonly lambda: LambdaFunctions;
  /** What /_emulator/ endpoints that act require in authenticate and enforce modes (Authorization: Bearer …). */
  readonly adminToken: string;
  close(): Promise<void>;
}

export interface StartExtras {
  /** A seed given as a document rather than a file (the npm package's `seed: { … }`). */
  readonly seedDocument?: unknown;
}

/** The local handlers' worker script, bundled beside the CLI. */
export const WORKER_SCRIPT = join(__dirname, "lambda-worker.js");
/** Request bodies held in memory at once, across all requests (two bodies at the 4 MiB limit). */
const BODY_BUDGET_BYTES = 8 * 1024 * 1024;

export async function startEmulator(config: EmulatorConfig, log: Logger, extras: StartExtras = {}): Promise<RunningEmulator> {
  const clock = new OffsetClock();
  const store = await openStore(config.dataDir, log);
  let lambda: LambdaFunctions | undefined;
  try {
    const services = serviceHandlers();
    const decisions = new DecisionLog();
    const requests = new RequestLog(store, log);
    let listeningPort: number | undefined;
    // The Lambda endpoint the user configured is a destination they chose: allowed without --allow-outbound.
    const allowed = config.lambdaEndpoint === null ? config.allowOutbound : [...config.allowOutbound, `${new URL(config.lambdaEndpoint).origin}/`];
    const outbound = new Outbound(allowListPolicy(allowed, "--allow-outbound (AWS_IDENTITY_EMULATOR_ALLOW_OUTBOUND)", () => listeningPort));
    lambda = new LambdaFunctions({ config, outbound, log, workerScript: WORKER_SCRIPT });
    const functions = lambda;
    const seedDeps = { store, config, clock, log, services, outbound, lambda, addLambdaHandlers: (m: readonly LambdaHandlerMapping[]) => functions.addHandlers(m) };
    // A state file replaces what the data dir held; a seed then adds what is missing, as at every start.
    if (config.importState) await importStateFileAt(store, config.importState);
    if (config.seed) await loadSeedFile(config.seed, seedDeps);
    if (extras.seedDocument !== undefined) await loadSeed(extras.seedDocument, seedDeps);
    const deps: GatewayDeps = {
      services,
      store,
      auth: new Authenticator(store, config, clock),
      authorizer: createAuthorizer({ mode: config.mode, log, clock, decisions, policiesOf: principalPolicies, resourcePolicyOf: resourcePolicy, encodeDenial: encodeAuthorizationMessage, requests }),
      requests,
      config,
      clock,
      log,
      outbound,
      lambda,
    };
    const control = emulatorControl({ store, clock, config, decisions, requests, log });
    const adminToken = config.adminToken ?? randomBytes(32).toString("base64url");
    const upstreams = new Upstreams(config.upstream, () => clock.now());
    const forwarder = new Forwarder({ config, upstreams, auth: deps.auth, authorizer: deps.authorizer, store, clock, log });
    const adminDeps = { config, store, clock, log, decisions, requests, gateway: deps, lambda, services: [...services.keys()] as ServiceId[], control, adminToken, upstreams };
    const server = createHttpServer({
      ...(upstreams.configured && {
        async forward(req, res, head, requestId, expectsContinue) {
          const target = forwarder.claims(head);
          if (!target) return false;
          await forwarder.forward(req, res, head, target, requestId, expectsContinue);
          return true;
        },
      }),
      async handleLocal(req, res, request, requestId) {
        if (request.path.startsWith(ADMIN_PREFIX)) { await handleAdmin(adminDeps, req, res, request); return true; }
        return handleServiceRoute(request, res, requestId, { services, store, config, clock, log, outbound, lambda: functions });
      },
      handleAws: (req, requestId) => handleAwsRequest(req, deps, requestId),
    }, new OriginGuard(config), { maxBodyBytes: config.maxBodyBytes, bodyBudgetBytes: BODY_BUDGET_BYTES }, clock, log);

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => { server.off("error", reject); resolve(); });
    });
    const port = (server.address() as AddressInfo).port;
    listeningPort = port;
    if (!isLoopbackAddress(config.host)) {
      log.warn(`Listening on ${config.host}: other machines can reach the emulator.` +
        (config.mode === "none"
          ? " In mode none anyone who reaches it acts as the account root: use --mode authenticate or enforce unless this network is yours alone."
          : ` Anyone who reaches it can sign with the root credentials (${config.rootAccessKeyId}/${config.rootSecretAccessKey}); keep it on a network that is yours alone.`) +
        " See docs/security.md.");
    }
    upstreams.start();
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const endpoint = `http://${host}:${port}`;
    lambda.setSelf(endpoint);
    let closing: Promise<void> | undefined;
    return {
      endpoint,
      port,
      config,
      store,
      control,
      lambda: functions,
      adminToken,
      close() {
        closing ??= (async () => {
          upstreams.stop();
          await functions.close();
          await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
          try {
            await requests.flush();
            // After the last request, so the file holds every acknowledged write.
            if (config.exportState) {
              writeStateFileAt(config.exportState, control.exportState({ secrets: config.stateSecrets === "include" }));
              log.info(`state written to ${config.exportState}`);
            }
          } finally {
            await store.close();
          }
        })();
        return closing;
      },
    };
  } catch (err) {
    await lambda?.close();
    await store.close();
    throw err;
  }
}


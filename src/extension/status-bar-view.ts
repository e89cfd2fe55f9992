// What the status bar shows for each state, and which actions its click offers. No `vscode` import: the
// status bar feature renders this; the mapping itself is unit-tested.
import type { StorageHealth, UpstreamHealth } from "../admin-api/health.js";
import type { EmulatorState } from "./emulator-state.js";

export type EmulatorAction = "start" | "stop" | "restart" | "useAnotherPort" | "showLog" | "copyEndpoint" | "openSettings" | "repair";

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** Painted with the theme's error background. */
  error: boolean;
  /** Painted with the theme's warning background (running, but the disk refuses writes). */
  warning?: boolean;
}

/** Another window's emulator on the same data folder, which this window uses instead of starting its own. */
export interface AttachedEmulator { readonly endpoint: string; readonly pid: number }

export function statusBarViewOf(state: EmulatorState, attached?: AttachedEmulator, health?: StorageHealth,
                                upstreams: readonly UpstreamHealth[] = []): StatusBarView {
  if (health?.state === "degraded" && (state.kind === "running" || attached)) {
    const what = health.code === "ENOSPC" || health.code === "EDQUOT" ? "disk full" : health.code === "EROFS" ? "disk read-only" : "disk failing";
    return {
      text: `$(warning) AWS IAM: ${what}, writes refused`,
      tooltip: `AWS Identity Emulator cannot save changes: ${health.reason}.\nReads still work; writes answer ServiceUnavailable ` +
        "and resume by themselves once the disk accepts them (free some space, or make the data folder writable).",
      error: false,
      warning: true,
    };
  }
  const down = upstreams.filter((u) => u.state === "down");
  if (down.length > 0 && (state.kind === "running" || attached)) {
    return {
      text: `$(warning) AWS IAM: upstream down`,
      tooltip: down.map((u) => `Upstream ${u.url} (${u.services.includes("*") ? "every other service" : u.services.join(", ")}) is down since ${u.since}: ${u.error ?? "no answer"}.`)
        .join("\n") + "\nRequests for those services answer 502/504 until it is back (start it, or fix awsIdentityEmulator.upstream).",
      error: false,
      warning: true,
    };
  }
  if (attached && (state.kind === "stopped" || state.kind === "failed")) {
    const port = new URL(attached.endpoint).port;
    return {
      text: `$(shield) AWS IAM: attached :${port}`,
      tooltip: `Using the emulator another window runs on ${attached.endpoint} (pid ${attached.pid}) on this workspace's data folder.`,
      error: false,
    };
  }
  switch (state.kind) {
    case "stopped":
      return { text: "$(shield) AWS IAM: stopped", tooltip: "AWS Identity Emulator is stopped. Click to start it.", error: false };
    case "starting":
      return { text: "$(loading~spin) AWS IAM: starting…", tooltip: `AWS Identity Emulator is starting (pid ${state.pid}).`, error: false };
    case "running":
      return {
        text: `$(shield) AWS IAM: running on :${state.port}`,
        tooltip: [
          `AWS Identity Emulator ${state.version} on ${state.endpoint}`,
          `Mode: ${state.mode} · Account: ${state.accountId} · Region: ${state.region}`,
          `Credentials: ${state.accessKeyId} / ${state.secretAccessKey}`,
          `State: ${state.dataDir ?? "in memory (not persisted)"}`,
          ...upstreams.map((u) => `Upstream: ${u.url} (${u.services.includes("*") ? "every other service" : u.services.join(", ")}): ${u.state}`),
        ].join("\n"),
        error: false,
      };
    case "stopping":
      return { text: "$(loading~spin) AWS IAM: stopping…", tooltip: `AWS Identity Emulator is stopping (pid ${state.pid}).`, error: false };
    case "failed":
      return { text: "$(error) AWS IAM: failed", tooltip: `${state.reason} Click for what to do.`, error: true };
  }
}

/** The actions that make sense in a state, in the order the quick pick lists them. */
export function actionsOf(state: EmulatorState): EmulatorAction[] {
  switch (state.kind) {
    case "stopped":
      return ["start", "showLog"];
    case "starting":
      return ["stop", "showLog"];
    case "running":
      return ["copyEndpoint", "restart", "stop", "showLog"];
    case "stopping":
      return ["showLog"];
    case "failed":
      switch (state.fix) {
        case "choosePort": return ["useAnotherPort", "start", "showLog"];
        case "settings": return ["openSettings", "start", "showLog"];
        case "repair": return ["repair", "showLog"];
        case "restart": return ["restart", "showLog"];
        default: return ["showLog", "start"];
      }
  }
}

export const actionLabels: Readonly<Record<EmulatorAction, string>> = {
  start: "$(play) Start Emulator",
  stop: "$(debug-stop) Stop Emulator",
  restart: "$(debug-restart) Restart Emulator",
  useAnotherPort: "$(plug) Use another port",
  showLog: "$(output) Show Emulator Log",
  copyEndpoint: "$(copy) Copy Endpoint URL",
  openSettings: "$(gear) Open Emulator Settings",
  repair: "$(tools) Repair Data Folder…",
};

// One stream of the linked emulator's events for the features that came after the tree: the Requests view,
// denial notifications and simulations that must not go stale. It follows the link (own or another window's
// emulator) and reconnects by itself; a reconnection counts as a change, since changes meanwhile were missed.
import * as vscode from "vscode";
import type { RequestEvent } from "../admin-api/request-events.js";
import { ChangeEvents } from "./tree/change-events.js";
import type { EmulatorLink, LinkedEmulator } from "./wiring/emulator-link.js";

export interface AnsweredRequest { readonly event: RequestEvent; readonly replayed: boolean }

export class EmulatorEvents implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** IAM or Cognito state changed (or may have, after a reconnection). */
  readonly onDidChangeResources = this.changed.event;
  private readonly resetting = new vscode.EventEmitter<void>();
  /** Every table was cleared (Reset Emulator, POST /_emulator/reset): what was kept about principals is gone. */
  readonly onDidReset = this.resetting.event;
  private readonly requested = new vscode.EventEmitter<AnsweredRequest>();
  /** The request recorder filed a request; on (re)connection the recent ones arrive first, marked replayed. */
  readonly onRequest = this.requested.event;
  private readonly connected = new vscode.EventEmitter<LinkedEmulator | undefined>();
  /** A new emulator (or none): listeners drop what they kept from the previous one. */
  readonly onDidChangeEmulator = this.connected.event;
  private events: ChangeEvents | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly link: Pick<EmulatorLink, "current" | "onDidChange">) {
    this.subscription = link.onDidChange((linked) => this.follow(linked));
    this.follow(link.current);
  }

  private follow(linked: LinkedEmulator | undefined): void {
    this.events?.dispose();
    this.events = undefined;
    this.connected.fire(linked);
    if (!linked) return;
    let first = true;
    // The emulator replays its recent requests before the first health event of a connection.
    let replaying = true;
    this.events = new ChangeEvents({
      endpoint: linked.endpoint,
      onChange: (tables) => {
        // A reset commits one change naming every table ("*"); it is also a change.
        if (tables.includes("*")) this.resetting.fire();
        this.changed.fire();
      },
      onRequest: (event) => this.requested.fire({ event, replayed: replaying }),
      onHealth: () => { replaying = false; },
      onConnected: () => {
        // The backlog is replayed on every connection: start over so nothing shows twice.
        if (!first) this.connected.fire(linked);
        first = false;
        replaying = true;
        this.changed.fire();
      },
    });
  }

  dispose(): void {
    this.events?.dispose();
    this.subscription.dispose();
    this.changed.dispose();
    this.resetting.dispose();
    this.requested.dispose();
    this.connected.dispose();
  }
}

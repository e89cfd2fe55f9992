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
  private readonly replacing = new vscode.EventEmitter<void>();
  /** The recorder's requests were replaced (a reset of everything or of one account, a state file loaded): what
   * was kept about them may be gone; the recent ones that remain arrive next, marked replayed. */
  readonly onDidReplaceRequests = this.replacing.event;
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
      onChange: () => this.changed.fire(),
      onRequest: (event) => this.requested.fire({ event, replayed: replaying }),
      // Replays (on connecting, after requests-replaced) end with a health event.
      onHealth: () => { replaying = false; },
      onEvent: (event) => {
        if (event !== "requests-replaced") return;
        replaying = true;
        this.replacing.fire();
      },
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
    this.replacing.dispose();
    this.requested.dispose();
    this.connected.dispose();
  }
}

// The request last simulated per document or per principal, kept in workspaceState so it is offered again after
// a restart: the most recent ones only, so a long-lived workspace does not carry every document it ever opened.
import type * as vscode from "vscode";

export const LAST_KEPT = 50;

export class LastRequests<T> {
  constructor(private readonly state: Pick<vscode.Memento, "get" | "update">, private readonly key: string, private readonly kept = LAST_KEPT) {}

  get(id: string): T | undefined {
    return this.all()[id];
  }

  /** Keeps `value` as the newest; the oldest beyond `kept` are dropped. */
  async set(id: string, value: T): Promise<void> {
    const all = this.all();
    delete all[id];
    all[id] = value;
    const ids = Object.keys(all);
    for (const old of ids.slice(0, Math.max(0, ids.length - this.kept))) delete all[old];
    await this.state.update(this.key, all);
  }

  private all(): Record<string, T> {
    return { ...this.state.get<Record<string, T>>(this.key, {}) };
  }
}

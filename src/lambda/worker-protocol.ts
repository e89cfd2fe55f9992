// The messages between the emulator and a local handler's worker process (over the fork IPC channel).

/** What the worker runs: given as its one argument. */
export interface WorkerSpec {
  readonly file: string;
  readonly exportName: string;
  readonly functionName: string;
  readonly logStreamName: string;
  /** Open the inspector and wait for a debugger before loading the module. */
  readonly debug: boolean;
}

export type ParentMessage = {
  readonly type: "invoke";
  readonly id: string;
  readonly awsRequestId: string;
  readonly invokedFunctionArn: string;
  readonly event: unknown;
  /** null under a debugger: no deadline. */
  readonly timeoutMs: number | null;
};

export type WorkerMessage =
  | { readonly type: "inspector"; readonly url: string }
  | { readonly type: "ready" }
  | { readonly type: "init-error"; readonly errorType: string; readonly errorMessage: string; readonly stack?: string }
  | { readonly type: "result"; readonly id: string; readonly ok: true; readonly payload: string }
  | { readonly type: "result"; readonly id: string; readonly ok: false; readonly errorType: string; readonly errorMessage: string; readonly stack?: string;
      /** The worker exits after this: the next invocation needs a new one. */
      readonly fatal?: boolean };

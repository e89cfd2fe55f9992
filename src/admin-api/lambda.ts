// The wire shapes of the emulator's Lambda endpoints the extension reads: GET /_emulator/lambda,
// POST /_emulator/lambda/debug and the `lambda-debug` server-sent event. Types only.

/** A local handler's worker waiting for (or attached to) a debugger. */
export interface LambdaDebugTarget {
  /** The function name or ARN the handler is mapped to. */
  readonly function: string;
  readonly file: string;
  /** ws://127.0.0.1:PORT/UUID */
  readonly inspectorUrl: string;
  readonly port: number;
  readonly pid: number;
}

export interface LambdaHandlerEntry { readonly function: string; readonly file: string; readonly exportName: string }

/** GET /_emulator/lambda */
export interface LambdaStatusAnswer {
  readonly endpoint: string | null;
  readonly handlers: readonly LambdaHandlerEntry[];
  readonly timeoutSeconds: number;
  readonly debugging: boolean;
}

/** POST /_emulator/lambda/debug {"enabled": true|false} */
export interface LambdaDebugAnswer {
  readonly debugging: boolean;
  readonly targets: readonly LambdaDebugTarget[];
}

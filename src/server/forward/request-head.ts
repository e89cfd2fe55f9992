// A request as the transport has it before its body is read: all the forwarder needs to route, authenticate
// and authorize it (the transport's own RequestHead, when it has one).
export interface RequestHead {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly sourceIp: string;
  /** How the client reached the emulator ("http://localhost:4566"): URLs in upstream answers are rewritten to it. */
  readonly origin: string;
}

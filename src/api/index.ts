// The npm package's entry (package.json "exports"): the emulator in-process, or a client for one running
// elsewhere. The VS Code extension's entry (dist/extension.js) is separate and not exported.
export { startEmulator } from "./start.js";
export { connectEmulator } from "./connect.js";
export type * from "./types.js";

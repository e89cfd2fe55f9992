// Replaced at bundle time by esbuild's `define`; the fallback serves tsx-run tests.
declare const __EMULATOR_VERSION__: string | undefined;
export const VERSION: string = typeof __EMULATOR_VERSION__ === "string" ? __EMULATOR_VERSION__ : "0.0.0-dev";

// Operations arrive with the IAM issue; see index.ts.
import type { Operation } from "../operation.js";

export const operations: Readonly<Record<string, Operation>> = {};

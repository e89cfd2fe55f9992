// The emulator's GET /_emulator/resources and /_emulator/decisions answers as the extension reads them:
// the admin API's own types (src/admin-api/), shared with the server that writes them.
export type * from "../../admin-api/resources.js";

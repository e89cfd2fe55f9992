// One HTTP request with exactly the headers given — fetch adds some and refuses others (Host, Origin,
// Sec-Fetch-*), which the transport's tests must set as a browser or an attacker would.
import { request } from "node:http";

export interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

export function sendRaw(endpoint: string, method: string, path: string, headers: Record<string, string> = {}, body = ""): Promise<Answer> {
  const url = new URL(path, endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.on("data", (d) => { text += d; });
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

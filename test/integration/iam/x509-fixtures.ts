// Real X.509 material for the certificate tests: RSA keys from node:crypto, certificates signed by the
// openssl CLI (node:crypto can parse certificates but not issue them). Everything is made in a temp dir
// that is removed before returning.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface KeyAndCert { readonly key: string; readonly cert: string }

export function rsaKey(bits = 2048): string {
  return generateKeyPairSync("rsa", { modulusLength: bits }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

function inTemp<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "aie-x509-"));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A self-signed certificate for `cn`, valid for `days` (a CA certificate, so it can sign others). */
export function selfSigned(cn: string, days = 365, key = rsaKey()): KeyAndCert {
  return inTemp((dir) => {
    writeFileSync(join(dir, "key.pem"), key);
    execFileSync("openssl", ["req", "-x509", "-new", "-key", join(dir, "key.pem"), "-subj", `/CN=${cn}`, "-days", String(days),
      "-addext", "basicConstraints=critical,CA:TRUE", "-out", join(dir, "cert.pem")], { stdio: "pipe" });
    return { key, cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  });
}

/** A certificate for `cn` issued by `issuer` (which must be a CA). */
export function issuedBy(issuer: KeyAndCert, cn: string, days = 365): KeyAndCert {
  const key = rsaKey();
  return inTemp((dir) => {
    writeFileSync(join(dir, "key.pem"), key);
    writeFileSync(join(dir, "ca.pem"), issuer.cert);
    writeFileSync(join(dir, "ca-key.pem"), issuer.key);
    writeFileSync(join(dir, "ext.cnf"), "basicConstraints=critical,CA:TRUE\n");
    execFileSync("openssl", ["req", "-new", "-key", join(dir, "key.pem"), "-subj", `/CN=${cn}`, "-out", join(dir, "req.csr")], { stdio: "pipe" });
    execFileSync("openssl", ["x509", "-req", "-in", join(dir, "req.csr"), "-CA", join(dir, "ca.pem"), "-CAkey", join(dir, "ca-key.pem"),
      "-set_serial", String(Date.now()), "-days", String(days), "-extfile", join(dir, "ext.cnf"), "-out", join(dir, "cert.pem")], { stdio: "pipe" });
    return { key, cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  });
}

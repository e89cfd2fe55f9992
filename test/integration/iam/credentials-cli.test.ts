// A sample of the credential families through the AWS CLI and boto3, unchanged: PEM bodies sent from files
// (file://) and read back byte for byte, and an SSH key's fingerprint as boto3 sees it.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { awsCliJson } from "../../support/aws-cli.js";
import { useEmulator } from "../../support/emulator.js";
import { selfSigned, type KeyAndCert } from "./x509-fixtures.js";

const run = promisify(execFile);
const emu = useEmulator();

const aws = (...args: string[]): Promise<unknown> => awsCliJson(emu, "aws", args);

let dir = "";
let pair: KeyAndCert;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "aie-cli-certs-"));
  pair = selfSigned("cli.example.com");
  writeFileSync(join(dir, "cert.pem"), pair.cert);
  writeFileSync(join(dir, "key.pem"), pair.key);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("AWS CLI and boto3", () => {
  it("aws iam upload-server-certificate with file:// bodies, then get-server-certificate returns the body unchanged", async () => {
    const up = await aws("iam", "upload-server-certificate", "--server-certificate-name", "cli-cert", "--path", "/cli/",
      "--certificate-body", `file://${join(dir, "cert.pem")}`, "--private-key", `file://${join(dir, "key.pem")}`) as
      { ServerCertificateMetadata: { Arn: string; ServerCertificateId: string } };
    assert.equal(up.ServerCertificateMetadata.Arn, `arn:aws:iam::${emu.process.ready.accountId}:server-certificate/cli/cli-cert`);
    assert.match(up.ServerCertificateMetadata.ServerCertificateId, /^ASCA/);
    const got = await aws("iam", "get-server-certificate", "--server-certificate-name", "cli-cert") as { ServerCertificate: { CertificateBody: string } };
    assert.equal(got.ServerCertificate.CertificateBody, pair.cert);
  });

  it("boto3 upload_ssh_public_key answers AWS's MD5 fingerprint", async () => {
    await aws("iam", "create-user", "--user-name", "boto");
    const script = [
      "import boto3, os, sys",
      "iam = boto3.client('iam', endpoint_url=os.environ['AWS_ENDPOINT_URL'])",
      "key = iam.upload_ssh_public_key(UserName='boto', SSHPublicKeyBody=sys.argv[1])['SSHPublicKey']",
      "print(key['Fingerprint'], key['Status'])",
    ].join("\n");
    const vector = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCxS0mDJF+jFKQNionjW9QdXdsuI+Ma01KIValVzadlRQPvUxO4cCbHoGHUu/Mqo+CplKw2e9mle8C2PutYKBYd2ji3h1gI2fkI4p4K4+25G+rsHFFXiCK2N2h8e+GY6m6CWyH3EV1peX/OmkTfSUPSJhzWD97+TgvsuoiPm9ivPu2RWtLck0q1X8ExaBe5ZdlKPnoxumiLmKi/kGqmxnLcV1fgkgzVCsAL5vsk+bvbLRA6tQaTjtLRjUcxJNhcnjGBV1WXzAM9LLyrJlcpzB5GflTb9r1mh00UNGV/kyuBtEFJeQKA0Gz1hNenJb+8zbRfUGAR6cCNv+JqcAtM9RXJ dev@laptop";
    const { stdout } = await run("python3", ["-c", script, vector], { env: { ...process.env, ...emu.env } });
    assert.equal(stdout.trim(), "0c:5b:8b:c2:90:b2:75:22:a5:c4:3b:7c:c6:f1:65:f9 Active");
  });
});

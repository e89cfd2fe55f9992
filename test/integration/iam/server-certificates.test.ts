// Server certificates through SDK v3 against the spawned CLI: real certificates (openssl-signed), key-pair
// and chain checks, paths, renames, tags, pagination and the account quota.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import {
  IAMClient, IAMServiceException, UploadServerCertificateCommand, GetServerCertificateCommand, ListServerCertificatesCommand,
  UpdateServerCertificateCommand, DeleteServerCertificateCommand, TagServerCertificateCommand, UntagServerCertificateCommand,
  ListServerCertificateTagsCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { issuedBy, rsaKey, selfSigned, type KeyAndCert } from "./x509-fixtures.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


async function names(): Promise<string[]> {
  const out = await iam().send(new ListServerCertificatesCommand({}));
  return out.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName!);
}

let web: KeyAndCert;
let root: KeyAndCert;
let intermediate: KeyAndCert;
let leaf: KeyAndCert;

before(() => {
  web = selfSigned("web.example.com", 90);
  root = selfSigned("Example Root CA", 3650);
  intermediate = issuedBy(root, "Example Intermediate CA", 1825);
  leaf = issuedBy(intermediate, "shop.example.com", 30);
});

describe("UploadServerCertificate", () => {
  it("answers the metadata AWS answers: ASCA id, ARN with the path, upload date and the certificate's expiry; tags back", async () => {
    const out = await iam().send(new UploadServerCertificateCommand({
      ServerCertificateName: "web-2026", Path: "/cloudfront/", CertificateBody: web.cert, PrivateKey: web.key,
      Tags: [{ Key: "env", Value: "prod" }],
    }));
    const meta = out.ServerCertificateMetadata!;
    assert.equal(meta.ServerCertificateName, "web-2026");
    assert.equal(meta.Path, "/cloudfront/");
    assert.match(meta.ServerCertificateId!, /^ASCA[A-Z2-7]{17}$/);
    assert.equal(meta.Arn, `arn:aws:iam::${emu.process.ready.accountId}:server-certificate/cloudfront/web-2026`);
    assert.ok(Math.abs(meta.UploadDate!.getTime() - Date.now()) < 60_000);
    assert.equal(meta.Expiration!.getTime(), new Date(new X509Certificate(web.cert).validTo).getTime());
    assert.deepEqual(out.Tags, [{ Key: "env", Value: "prod" }]);
  });

  it("GetServerCertificate returns the body and tags, never the key; names match regardless of case", async () => {
    const out = await iam().send(new GetServerCertificateCommand({ ServerCertificateName: "WEB-2026" }));
    const cert = out.ServerCertificate!;
    assert.equal(cert.ServerCertificateMetadata!.ServerCertificateName, "web-2026");
    assert.equal(cert.CertificateBody, web.cert);
    assert.equal(cert.CertificateChain, undefined);
    assert.deepEqual(cert.Tags, [{ Key: "env", Value: "prod" }]);
    assert.ok(!JSON.stringify(out).includes("PRIVATE KEY"));
  });

  it("accepts a chain that starts with the issuer and continues in order", async () => {
    const chain = intermediate.cert + root.cert;
    await iam().send(new UploadServerCertificateCommand({ ServerCertificateName: "shop", CertificateBody: leaf.cert, PrivateKey: leaf.key, CertificateChain: chain }));
    const got = await iam().send(new GetServerCertificateCommand({ ServerCertificateName: "shop" }));
    assert.equal(got.ServerCertificate!.CertificateChain, chain);
    assert.equal(got.ServerCertificate!.ServerCertificateMetadata!.Path, "/");
  });

  it("refuses a chain out of order with MalformedCertificate naming the index, and stores nothing", async () => {
    await assert.rejects(iam().send(new UploadServerCertificateCommand({
      ServerCertificateName: "shop-bad-chain", CertificateBody: leaf.cert, PrivateKey: leaf.key, CertificateChain: root.cert + intermediate.cert,
    })), rejectsWith("MalformedCertificate", 400,
      "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 0"));
    await assert.rejects(iam().send(new UploadServerCertificateCommand({
      ServerCertificateName: "shop-bad-chain", CertificateBody: leaf.cert, PrivateKey: leaf.key, CertificateChain: intermediate.cert + web.cert,
    })), (e: unknown) => rejectsWith("MalformedCertificate", 400)(e) && /The index within the chain of the invalid certificate is: 1$/.test((e as Error).message));
    assert.deepEqual(await names(), ["shop", "web-2026"]);
  });

  it("answers MalformedCertificate for a body or key that does not parse and KeyPairMismatch for another key; nothing changes", async () => {
    const attempts: Array<[string, string, string, string]> = [
      ["not a certificate", web.key, "MalformedCertificate", "Unable to parse certificate. Please ensure the certificate is in PEM format."],
      [web.cert.replace(/[A-Za-z]{8}\n/, "!!!!!!!!\n"), web.key, "MalformedCertificate", "Unable to parse certificate. Please ensure the certificate is in PEM format."],
      [web.cert + leaf.cert, web.key, "MalformedCertificate", "Unable to parse certificate. Please ensure the certificate is in PEM format."],
      [web.cert, "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n", "MalformedCertificate", "Invalid Private Key."],
      [web.cert, rsaKey(), "KeyPairMismatch", "The public key certificate and the private key do not match."],
    ];
    for (const [CertificateBody, PrivateKey, code, message] of attempts) {
      await assert.rejects(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: "broken", CertificateBody, PrivateKey })),
        rejectsWith(code, 400, message), message);
    }
    assert.deepEqual(await names(), ["shop", "web-2026"]);
  });

  it("a second certificate with the same name in any case is EntityAlreadyExists 409", async () => {
    await assert.rejects(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: "Web-2026", CertificateBody: web.cert, PrivateKey: web.key })),
      rejectsWith("EntityAlreadyExists", 409, "The Server Certificate with name Web-2026 already exists."));
  });

  it("a bad path or a reserved tag key is refused before anything is stored", async () => {
    await assert.rejects(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: "pathless", Path: "/no-trailing", CertificateBody: web.cert, PrivateKey: web.key })),
      rejectsWith("ValidationError", 400));
    await assert.rejects(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: "awstag", CertificateBody: web.cert, PrivateKey: web.key, Tags: [{ Key: "aws:x", Value: "y" }] })),
      rejectsWith("InvalidInput", 400, "User-provided tag keys cannot start with 'aws:'."));
    assert.deepEqual(await names(), ["shop", "web-2026"]);
  });
});

describe("List, Update, Delete", () => {
  it("ListServerCertificates filters by PathPrefix and pages with MaxItems and Marker", async () => {
    const cloudfront = await iam().send(new ListServerCertificatesCommand({ PathPrefix: "/cloudfront/" }));
    assert.deepEqual(cloudfront.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName), ["web-2026"]);
    assert.equal(cloudfront.ServerCertificateMetadataList![0]!.Expiration!.getTime(), new Date(new X509Certificate(web.cert).validTo).getTime());
    const first = await iam().send(new ListServerCertificatesCommand({ MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(first.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName), ["shop"]);
    const second = await iam().send(new ListServerCertificatesCommand({ MaxItems: 1, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.deepEqual(second.ServerCertificateMetadataList!.map((m) => m.ServerCertificateName), ["web-2026"]);
  });

  it("UpdateServerCertificate renames and moves it: the ARN follows, the old name is gone", async () => {
    const before = (await iam().send(new GetServerCertificateCommand({ ServerCertificateName: "shop" }))).ServerCertificate!.ServerCertificateMetadata!;
    await iam().send(new UpdateServerCertificateCommand({ ServerCertificateName: "shop", NewServerCertificateName: "shop-2026", NewPath: "/elb/" }));
    const after = (await iam().send(new GetServerCertificateCommand({ ServerCertificateName: "shop-2026" }))).ServerCertificate!.ServerCertificateMetadata!;
    assert.equal(after.ServerCertificateId, before.ServerCertificateId);
    assert.equal(after.Path, "/elb/");
    assert.equal(after.Arn, `arn:aws:iam::${emu.process.ready.accountId}:server-certificate/elb/shop-2026`);
    await assert.rejects(iam().send(new GetServerCertificateCommand({ ServerCertificateName: "shop" })),
      rejectsWith("NoSuchEntity", 404, "The Server Certificate with name shop cannot be found."));
    await assert.rejects(iam().send(new UpdateServerCertificateCommand({ ServerCertificateName: "shop-2026", NewServerCertificateName: "WEB-2026" })),
      rejectsWith("EntityAlreadyExists", 409, "The Server Certificate with name WEB-2026 already exists."));
    await assert.rejects(iam().send(new UpdateServerCertificateCommand({ ServerCertificateName: "ghost", NewPath: "/x/" })),
      rejectsWith("NoSuchEntity", 404, "The Server Certificate with name ghost cannot be found."));
  });

  it("Tag, Untag and ListServerCertificateTags", async () => {
    await iam().send(new TagServerCertificateCommand({ ServerCertificateName: "shop-2026", Tags: [{ Key: "team", Value: "web" }, { Key: "cost", Value: "42" }] }));
    await iam().send(new UntagServerCertificateCommand({ ServerCertificateName: "shop-2026", TagKeys: ["cost", "absent"] }));
    const tags = await iam().send(new ListServerCertificateTagsCommand({ ServerCertificateName: "shop-2026" }));
    assert.deepEqual(tags.Tags, [{ Key: "team", Value: "web" }]);
    assert.equal(tags.IsTruncated, false);
    await assert.rejects(iam().send(new TagServerCertificateCommand({ ServerCertificateName: "shop-2026", Tags: [{ Key: "AWS:x", Value: "1" }] })),
      rejectsWith("InvalidInput", 400, "User-provided tag keys cannot start with 'aws:'."));
    await assert.rejects(iam().send(new ListServerCertificateTagsCommand({ ServerCertificateName: "ghost" })),
      rejectsWith("NoSuchEntity", 404, "The Server Certificate with name ghost cannot be found."));
    assert.deepEqual((await iam().send(new ListServerCertificateTagsCommand({ ServerCertificateName: "shop-2026" }))).Tags, [{ Key: "team", Value: "web" }]);
  });

  it("DeleteServerCertificate removes it; a missing name is NoSuchEntity 404", async () => {
    await iam().send(new DeleteServerCertificateCommand({ ServerCertificateName: "shop-2026" }));
    assert.deepEqual(await names(), ["web-2026"]);
    await assert.rejects(iam().send(new DeleteServerCertificateCommand({ ServerCertificateName: "shop-2026" })),
      rejectsWith("NoSuchEntity", 404, "The Server Certificate with name shop-2026 cannot be found."));
  });

  it("an account holds at most 20: the 21st is LimitExceeded 409", async () => {
    for (let i = 1; i < 20; i++) {
      await iam().send(new UploadServerCertificateCommand({ ServerCertificateName: `bulk-${String(i).padStart(2, "0")}`, CertificateBody: web.cert, PrivateKey: web.key }));
    }
    await assert.rejects(iam().send(new UploadServerCertificateCommand({ ServerCertificateName: "one-too-many", CertificateBody: web.cert, PrivateKey: web.key })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for ServerCertificatesPerAccount: 20"));
    assert.equal((await names()).length, 20);
  });
});

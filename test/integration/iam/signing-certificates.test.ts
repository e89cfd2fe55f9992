// Signing certificates through SDK v3 against the spawned CLI: real X.509 bodies, two per user, one owner per
// certificate in the account, the calling user when UserName is omitted, and DeleteUser's check.
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import {
  IAMClient, IAMServiceException, CreateUserCommand, DeleteUserCommand, CreateAccessKeyCommand, DeleteAccessKeyCommand,
  UploadSigningCertificateCommand, ListSigningCertificatesCommand, UpdateSigningCertificateCommand, DeleteSigningCertificateCommand,
} from "@aws-sdk/client-iam";
import { useEmulator } from "../../support/emulator.js";
import { selfSigned } from "./x509-fixtures.js";
import { rejectsWith } from "../../support/aws-errors.js";

const emu = useEmulator();
const iam = () => new IAMClient(emu.clientConfig);


async function certIds(userName: string): Promise<string[]> {
  return (await iam().send(new ListSigningCertificatesCommand({ UserName: userName }))).Certificates!.map((c) => c.CertificateId!);
}

let certs: string[] = [];
let firstId = "";

before(() => {
  certs = [selfSigned("signer one").cert, selfSigned("signer two").cert, selfSigned("signer three").cert];
});

describe("UploadSigningCertificate", () => {
  it("answers the certificate with an id, Active and the upload date; ListSigningCertificates returns the body", async () => {
    await iam().send(new CreateUserCommand({ UserName: "signer" }));
    const { Certificate: cert } = await iam().send(new UploadSigningCertificateCommand({ UserName: "signer", CertificateBody: certs[0] }));
    assert.equal(cert!.UserName, "signer");
    assert.match(cert!.CertificateId!, /^[A-Z0-9]{24}$/);
    assert.equal(cert!.CertificateBody, certs[0]);
    assert.equal(cert!.Status, "Active");
    assert.ok(Math.abs(cert!.UploadDate!.getTime() - Date.now()) < 60_000);
    firstId = cert!.CertificateId!;
    const listed = await iam().send(new ListSigningCertificatesCommand({ UserName: "SIGNER" }));
    assert.deepEqual(listed.Certificates!.map((c) => [c.UserName, c.CertificateId, c.CertificateBody, c.Status]), [["signer", firstId, certs[0], "Active"]]);
    assert.equal(listed.IsTruncated, false);
  });

  it("a certificate already held by a user in the account is DuplicateCertificate 409", async () => {
    await iam().send(new CreateUserCommand({ UserName: "other" }));
    for (const UserName of ["signer", "other"]) {
      await assert.rejects(iam().send(new UploadSigningCertificateCommand({ UserName, CertificateBody: certs[0] })),
        rejectsWith("DuplicateCertificate", 409, "The same certificate is already associated with an IAM user in the account."), UserName);
    }
    assert.deepEqual(await certIds("other"), []);
  });

  it("a body that is not a PEM certificate is MalformedCertificate 400; a missing user NoSuchEntity 404; nothing stored", async () => {
    for (const CertificateBody of ["garbage", certs[1]!.replace(/[A-Za-z]{8}\n/, "########\n"), certs[1]! + certs[2]!]) {
      await assert.rejects(iam().send(new UploadSigningCertificateCommand({ UserName: "signer", CertificateBody })),
        rejectsWith("MalformedCertificate", 400, "Unable to parse certificate. Please ensure the certificate is in PEM format."));
    }
    await assert.rejects(iam().send(new UploadSigningCertificateCommand({ UserName: "ghost", CertificateBody: certs[1] })),
      rejectsWith("NoSuchEntity", 404, "The user with name ghost cannot be found."));
    assert.deepEqual(await certIds("signer"), [firstId]);
  });

  it("a user holds at most two: the third is LimitExceeded 409", async () => {
    await iam().send(new UploadSigningCertificateCommand({ UserName: "signer", CertificateBody: certs[1] }));
    await assert.rejects(iam().send(new UploadSigningCertificateCommand({ UserName: "signer", CertificateBody: certs[2] })),
      rejectsWith("LimitExceeded", 409, "Cannot exceed quota for SigningCertificatesPerUser: 2"));
    assert.equal((await certIds("signer")).length, 2);
  });
});

describe("the calling user, Update and Delete", () => {
  it("without UserName the calls act on the IAM user whose key signed; root lists none of its own", async () => {
    const { AccessKey } = await iam().send(new CreateAccessKeyCommand({ UserName: "other" }));
    const asOther = new IAMClient({ ...emu.clientConfig, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
    const { Certificate } = await asOther.send(new UploadSigningCertificateCommand({ CertificateBody: certs[2] }));
    assert.equal(Certificate!.UserName, "other");
    await asOther.send(new UpdateSigningCertificateCommand({ CertificateId: Certificate!.CertificateId, Status: "Inactive" }));
    const own = await asOther.send(new ListSigningCertificatesCommand({}));
    assert.deepEqual(own.Certificates!.map((c) => [c.CertificateId, c.Status]), [[Certificate!.CertificateId, "Inactive"]]);
    assert.deepEqual((await iam().send(new ListSigningCertificatesCommand({}))).Certificates, []);
    await asOther.send(new DeleteSigningCertificateCommand({ CertificateId: Certificate!.CertificateId }));
    assert.deepEqual(await certIds("other"), []);
    await iam().send(new DeleteAccessKeyCommand({ UserName: "other", AccessKeyId: AccessKey!.AccessKeyId }));
  });

  it("UpdateSigningCertificate: Expired is InvalidInput, an unknown or another user's id NoSuchEntity 404", async () => {
    await assert.rejects(iam().send(new UpdateSigningCertificateCommand({ UserName: "signer", CertificateId: firstId, Status: "Expired" })), rejectsWith("InvalidInput", 400));
    await assert.rejects(iam().send(new UpdateSigningCertificateCommand({ UserName: "other", CertificateId: firstId, Status: "Inactive" })),
      rejectsWith("NoSuchEntity", 404, `The Certificate with id ${firstId} cannot be found.`));
    const statuses = (await iam().send(new ListSigningCertificatesCommand({ UserName: "signer" }))).Certificates!.map((c) => c.Status);
    assert.deepEqual(statuses, ["Active", "Active"]);
  });

  it("ListSigningCertificates pages with MaxItems and Marker", async () => {
    const first = await iam().send(new ListSigningCertificatesCommand({ UserName: "signer", MaxItems: 1 }));
    assert.equal(first.IsTruncated, true);
    const second = await iam().send(new ListSigningCertificatesCommand({ UserName: "signer", MaxItems: 1, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.deepEqual([...first.Certificates!, ...second.Certificates!].map((c) => c.CertificateId), await certIds("signer"));
  });

  it("DeleteUser refuses while certificates remain; a deleted certificate may be uploaded again elsewhere", async () => {
    await assert.rejects(iam().send(new DeleteUserCommand({ UserName: "signer" })),
      rejectsWith("DeleteConflict", 409, "Cannot delete entity, must delete signing certificates first."));
    for (const id of await certIds("signer")) await iam().send(new DeleteSigningCertificateCommand({ UserName: "signer", CertificateId: id }));
    await assert.rejects(iam().send(new DeleteSigningCertificateCommand({ UserName: "signer", CertificateId: firstId })),
      rejectsWith("NoSuchEntity", 404, `The Certificate with id ${firstId} cannot be found.`));
    await iam().send(new DeleteUserCommand({ UserName: "signer" }));
    const { Certificate } = await iam().send(new UploadSigningCertificateCommand({ UserName: "other", CertificateBody: certs[0] }));
    assert.equal(Certificate!.UserName, "other");
  });
});

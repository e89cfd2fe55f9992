// Signing certificates (X.509 for SOAP-era APIs): UploadSigningCertificate, ListSigningCertificates,
// UpdateSigningCertificate, DeleteSigningCertificate. Two per user; the same certificate may belong to only
// one user in the account. Without UserName the calls act on the calling IAM user.
import { createHash, randomBytes } from "node:crypto";
import { awsError, type AwsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { credentialOwner, requireCredentialOwner } from "./credential-owner.js";
import { iamErrors } from "./errors.js";
import { decodeMarker, encodeMarker } from "./pagination.js";
import { credentialTables, deleteChecks, relationKey, type CredentialStatus, type SigningCertificateRecord, type UserRecord } from "./records.js";
import { parseCertificateBody } from "./server-certificates.js";
import { requireUser } from "./users.js";

const CERTIFICATES_PER_USER = 2;
const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const notFound = (id: string): AwsError => awsError("iam", "NoSuchEntity", `The Certificate with id ${id} cannot be found.`);

function certificatesOf(store: AccountStore): Collection<SigningCertificateRecord> {
  return credentialTables.signingCertificates(store);
}

/** A user's signing certificates (also read by the credential report). */
export function userCertificates(store: AccountStore, user: UserRecord): SigningCertificateRecord[] {
  return [...certificatesOf(store).withPrefix(relationKey(user.UserId, ""))].map(([, cert]) => cert);
}

/** 24 upper-case letters and digits, as IAM's certificate ids are (the model's minimum length). */
function certificateId(): string {
  const bytes = randomBytes(24);
  let id = "";
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

function certificateShape(user: UserRecord, cert: SigningCertificateRecord) {
  return { UserName: user.UserName, CertificateId: cert.CertificateId, CertificateBody: cert.CertificateBody, Status: cert.Status, UploadDate: cert.UploadDate };
}

function requireCertificate(store: AccountStore, user: UserRecord, id: string): SigningCertificateRecord {
  const cert = certificatesOf(store).get(relationKey(user.UserId, id));
  if (!cert) throw notFound(id);
  return cert;
}

export const UploadSigningCertificate: Operation<{ UserName?: string; CertificateBody: string }, object> = ({ input, caller, store, clock }) => {
  const user = requireCredentialOwner(store, caller, input.UserName);
  const digest = createHash("sha256").update(parseCertificateBody(input.CertificateBody).raw).digest("hex");
  const digests = credentialTables.signingCertificateDigests(store);
  if (digests.has(digest)) {
    throw awsError("iam", "DuplicateCertificate", "The same certificate is already associated with an IAM user in the account.");
  }
  if (userCertificates(store, user).length >= CERTIFICATES_PER_USER) {
    throw iamErrors.limitExceeded("SigningCertificatesPerUser", CERTIFICATES_PER_USER);
  }
  const id = certificateId();
  const cert = certificatesOf(store).put(relationKey(user.UserId, id), {
    userId: user.UserId, CertificateId: id, CertificateBody: input.CertificateBody, Status: "Active",
    UploadDate: clock.now().toISOString(), digest,
  });
  digests.put(digest, relationKey(user.UserId, id));
  return { Certificate: certificateShape(user, cert) };
};

export const ListSigningCertificates: Operation<{ UserName?: string; Marker?: string; MaxItems?: number }, object> = ({ input, caller, store }) => {
  const user = credentialOwner(store, caller, input.UserName);
  // The root user's own signing certificates are not IAM user certificates: none to list here.
  if (!user) return { Certificates: [], IsTruncated: false };
  const after = decodeMarker(input.Marker);
  const limit = input.MaxItems ?? 100;
  const certs = userCertificates(store, user).filter((c) => after === undefined || c.CertificateId > after);
  const page = certs.slice(0, limit);
  const truncated = certs.length > limit;
  return {
    Certificates: page.map((c) => certificateShape(user, c)),
    IsTruncated: truncated,
    Marker: truncated ? encodeMarker(page[page.length - 1]!.CertificateId) : undefined,
  };
};

export const UpdateSigningCertificate: Operation<{ UserName?: string; CertificateId: string; Status: CredentialStatus | "Expired" }, Record<string, never>> = ({ input, caller, store }) => {
  const user = requireCredentialOwner(store, caller, input.UserName);
  const cert = requireCertificate(store, user, input.CertificateId);
  if (input.Status === "Expired") throw iamErrors.invalidInput("Status must be Active or Inactive.");
  certificatesOf(store).put(relationKey(user.UserId, cert.CertificateId), { ...cert, Status: input.Status });
  return {};
};

export const DeleteSigningCertificate: Operation<{ UserName?: string; CertificateId: string }, Record<string, never>> = ({ input, caller, store }) => {
  const user = requireCredentialOwner(store, caller, input.UserName);
  const cert = requireCertificate(store, user, input.CertificateId);
  certificatesOf(store).delete(relationKey(user.UserId, cert.CertificateId));
  credentialTables.signingCertificateDigests(store).delete(cert.digest);
  return {};
};

deleteChecks.user.push((store, userName) => {
  const user = requireUser(store, userName);
  return certificatesOf(store).withPrefix(relationKey(user.UserId, "")).next().done ? undefined : "delete signing certificates";
});

export const operations = {
  UploadSigningCertificate, ListSigningCertificates, UpdateSigningCertificate, DeleteSigningCertificate,
} satisfies Readonly<Record<string, Operation>>;

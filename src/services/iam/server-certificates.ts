// Server certificates: UploadServerCertificate, GetServerCertificate, ListServerCertificates,
// UpdateServerCertificate, DeleteServerCertificate, Tag/Untag/ListServerCertificateTags.
// The certificate is parsed as IAM does (X.509, PEM), the private key must be the certificate's pair, and a
// chain must certify the body in order. The private key is never stored: AWS never returns it.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { awsError, type AwsError } from "../../protocol/errors.js";
import type { AccountStore, Collection } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { iamErrors } from "./errors.js";
import { uniqueId } from "./ids.js";
import { pageOf } from "./pagination.js";
import { credentialTables, nameKey, type ServerCertificateRecord, type Tag } from "./records.js";
import { initialTags, mergeTags, removeTags, tagPage, type TagRules } from "./tags.js";
import { checkPath, iamArn } from "./users.js";

/** IAM's default quota of server certificates per account (GetAccountSummary's ServerCertificatesQuota). */
const SERVER_CERTIFICATES_PER_ACCOUNT = 20;
const TAG_RULES: TagRules = { quota: "TagsPerServerCertificate" };

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

const malformed = (message: string): AwsError => awsError("iam", "MalformedCertificate", message);
const UNPARSABLE = "Unable to parse certificate. Please ensure the certificate is in PEM format.";

export function serverCertificatesOf(store: AccountStore): Collection<ServerCertificateRecord> {
  return credentialTables.serverCertificates(store);
}

const notFound = (name: string) => awsError("iam", "NoSuchEntity", `The Server Certificate with name ${name} cannot be found.`);
const alreadyExists = (name: string) => awsError("iam", "EntityAlreadyExists", `The Server Certificate with name ${name} already exists.`);

function requireCertificate(store: AccountStore, name: string): ServerCertificateRecord {
  const cert = serverCertificatesOf(store).get(nameKey(name));
  if (!cert) throw notFound(name);
  return cert;
}

/** Every PEM certificate block in `text`, parsed; MalformedCertificate if none or one does not parse. */
function parseCertificates(text: string): X509Certificate[] {
  const blocks = text.match(PEM_CERTIFICATE);
  if (!blocks) throw malformed(UNPARSABLE);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw malformed(UNPARSABLE);
    }
  });
}

/** The one certificate in a body (a body holding several, or text besides, is not a certificate). */
export function parseCertificateBody(body: string): X509Certificate {
  const certs = parseCertificates(body);
  if (certs.length !== 1 || body.replace(PEM_CERTIFICATE, "").trim() !== "") throw malformed(UNPARSABLE);
  return certs[0]!;
}

function parsePrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    // Also an encrypted key: IAM cannot use a key it would need a passphrase for.
    throw malformed("Invalid Private Key.");
  }
}

const spki = (key: KeyObject): Buffer => key.export({ type: "spki", format: "der" });

function checkKeyPair(cert: X509Certificate, privateKey: KeyObject): void {
  if (!spki(createPublicKey(privateKey)).equals(spki(cert.publicKey))) {
    throw awsError("iam", "KeyPairMismatch", "The public key certificate and the private key do not match.");
  }
}

/** The chain must start with the body's issuer, each certificate issuing the one before it. */
function checkChain(body: X509Certificate, chain: string): void {
  let child = body;
  parseCertificates(chain).forEach((issuer, index) => {
    if (!child.checkIssued(issuer) || !child.verify(issuer.publicKey)) {
      throw malformed("Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, " +
        `followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`);
    }
    child = issuer;
  });
}

function metadataShape(cert: ServerCertificateRecord) {
  const { Path, ServerCertificateName, ServerCertificateId, Arn, UploadDate, Expiration } = cert;
  return { Path, ServerCertificateName, ServerCertificateId, Arn, UploadDate, Expiration };
}

interface UploadInput {
  ServerCertificateName: string; CertificateBody: string; PrivateKey: string;
  CertificateChain?: string; Path?: string; Tags?: Tag[];
}

export const UploadServerCertificate: Operation<UploadInput, object> = ({ input, caller, store, clock }) => {
  const path = checkPath(input.Path);
  const tags = initialTags(input.Tags, TAG_RULES);
  const body = parseCertificateBody(input.CertificateBody);
  checkKeyPair(body, parsePrivateKey(input.PrivateKey));
  if (input.CertificateChain !== undefined) checkChain(body, input.CertificateChain);
  const certs = serverCertificatesOf(store);
  if (certs.has(nameKey(input.ServerCertificateName))) throw alreadyExists(input.ServerCertificateName);
  if (certs.size >= SERVER_CERTIFICATES_PER_ACCOUNT) throw iamErrors.limitExceeded("ServerCertificatesPerAccount", SERVER_CERTIFICATES_PER_ACCOUNT);
  const cert = certs.put(nameKey(input.ServerCertificateName), {
    ServerCertificateName: input.ServerCertificateName,
    ServerCertificateId: uniqueId("ASCA"),
    Arn: iamArn(store, "server-certificate", path, input.ServerCertificateName),
    Path: path,
    UploadDate: clock.now().toISOString(),
    Expiration: new Date(body.validTo).toISOString(),
    CertificateBody: input.CertificateBody,
    CertificateChain: input.CertificateChain,
    Tags: tags,
  });
  return { ServerCertificateMetadata: metadataShape(cert), Tags: cert.Tags };
};

export const GetServerCertificate: Operation<{ ServerCertificateName: string }, object> = ({ input, store }) => {
  const cert = requireCertificate(store, input.ServerCertificateName);
  return {
    ServerCertificate: {
      ServerCertificateMetadata: metadataShape(cert),
      CertificateBody: cert.CertificateBody,
      CertificateChain: cert.CertificateChain,
      Tags: cert.Tags,
    },
  };
};

export const ListServerCertificates: Operation<{ PathPrefix?: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) => {
  const prefix = input.PathPrefix ?? "/";
  const { items, IsTruncated, Marker } = pageOf(serverCertificatesOf(store), input, (c) => c.Path.startsWith(prefix), metadataShape);
  return { ServerCertificateMetadataList: items, IsTruncated, Marker };
};

interface UpdateInput { ServerCertificateName: string; NewPath?: string; NewServerCertificateName?: string }

export const UpdateServerCertificate: Operation<UpdateInput, Record<string, never>> = ({ input, caller, store }) => {
  const cert = requireCertificate(store, input.ServerCertificateName);
  const name = input.NewServerCertificateName ?? cert.ServerCertificateName;
  const path = input.NewPath !== undefined ? checkPath(input.NewPath) : cert.Path;
  const certs = serverCertificatesOf(store);
  if (nameKey(name) !== nameKey(cert.ServerCertificateName) && certs.has(nameKey(name))) throw alreadyExists(name);
  certs.delete(nameKey(cert.ServerCertificateName));
  certs.put(nameKey(name), { ...cert, ServerCertificateName: name, Path: path, Arn: iamArn(store, "server-certificate", path, name) });
  return {};
};

export const DeleteServerCertificate: Operation<{ ServerCertificateName: string }, Record<string, never>> = ({ input, store }) => {
  const cert = requireCertificate(store, input.ServerCertificateName);
  serverCertificatesOf(store).delete(nameKey(cert.ServerCertificateName));
  return {};
};

export const TagServerCertificate: Operation<{ ServerCertificateName: string; Tags: Tag[] }, Record<string, never>> = ({ input, store }) => {
  const cert = requireCertificate(store, input.ServerCertificateName);
  serverCertificatesOf(store).put(nameKey(cert.ServerCertificateName), { ...cert, Tags: mergeTags(cert.Tags, input.Tags, TAG_RULES) });
  return {};
};

export const UntagServerCertificate: Operation<{ ServerCertificateName: string; TagKeys: string[] }, Record<string, never>> = ({ input, store }) => {
  const cert = requireCertificate(store, input.ServerCertificateName);
  serverCertificatesOf(store).put(nameKey(cert.ServerCertificateName), { ...cert, Tags: removeTags(cert.Tags, input.TagKeys, TAG_RULES) });
  return {};
};

export const ListServerCertificateTags: Operation<{ ServerCertificateName: string; Marker?: string; MaxItems?: number }, object> = ({ input, store }) =>
  tagPage(requireCertificate(store, input.ServerCertificateName).Tags, input, TAG_RULES);

export const operations = {
  UploadServerCertificate, GetServerCertificate, ListServerCertificates, UpdateServerCertificate, DeleteServerCertificate,
  TagServerCertificate, UntagServerCertificate, ListServerCertificateTags,
} satisfies Readonly<Record<string, Operation>>;

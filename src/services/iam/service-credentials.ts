// Service-specific credentials, signing certificates, SSH public keys and server certificates: the List
// operations answer empty lists (nothing can be created here); every other operation of these families is
// absent from the registry, so the router answers NotImplemented with its name.
import type { Caller } from "../../auth/caller.js";
import type { AccountStore } from "../../store/store.js";
import type { Operation } from "../operation.js";
import { requireUser } from "./users.js";

/** A named user must exist (NoSuchEntity otherwise), as on AWS, even though its list is empty. */
function checkUser(store: AccountStore, _caller: Caller, userName: string | undefined): void {
  if (userName !== undefined) requireUser(store, userName);
}

export const ListServiceSpecificCredentials: Operation<{ UserName?: string }, object> = ({ input, caller, store }) => {
  checkUser(store, caller, input.UserName);
  return { ServiceSpecificCredentials: [], IsTruncated: false };
};

export const ListSigningCertificates: Operation<{ UserName?: string }, object> = ({ input, caller, store }) => {
  checkUser(store, caller, input.UserName);
  return { Certificates: [], IsTruncated: false };
};

export const ListSSHPublicKeys: Operation<{ UserName?: string }, object> = ({ input, caller, store }) => {
  checkUser(store, caller, input.UserName);
  return { SSHPublicKeys: [], IsTruncated: false };
};

export const ListServerCertificates: Operation<Record<string, never>, object> = () => ({ ServerCertificateMetadataList: [], IsTruncated: false });

export const operations = { ListServiceSpecificCredentials, ListSigningCertificates, ListSSHPublicKeys, ListServerCertificates };

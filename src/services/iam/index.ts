// IAM (awsQuery, 2010-05-08): operation name → handler. One file per family, as the API reference
// groups them; each family exports `operations`.
import type { ServiceHandlers } from "../operation.js";
import { CreateAccessKey, DeleteAccessKey, ListAccessKeys, UpdateAccessKey } from "./access-keys.js";
import { operations as users } from "./users.js";
import { operations as account } from "./account.js";
import { operations as attachments } from "./attachments.js";
import { operations as groups } from "./groups.js";
import { operations as inlinePolicies } from "./inline-policies.js";
import { operations as instanceProfiles } from "./instance-profiles.js";
import { operations as loginProfiles } from "./login-profiles.js";
import { operations as mfaDevices } from "./mfa-devices.js";
import { operations as oidcProviders } from "./oidc-providers.js";
import { operations as passwordPolicy } from "./password-policy.js";
import { operations as policies } from "./policies.js";
import { operations as roles } from "./roles.js";
import { operations as samlProviders } from "./saml-providers.js";
import { operations as serverCertificates } from "./server-certificates.js";
import { operations as sshPublicKeys } from "./ssh-public-keys.js";
import { operations as signingCertificates } from "./signing-certificates.js";
import { operations as serviceSpecificCredentials } from "./service-specific-credentials.js";
import { operations as accessKeyLastUsed } from "./access-key-last-used.js";
import { operations as policiesGrantingAccess } from "./policies-granting-access.js";
import { operations as stsPreferences } from "./security-token-service-preferences.js";
import { operations as simulate } from "./simulate.js";

export const iamHandlers: ServiceHandlers = {
  id: "iam",
  operations: {
    ...users,
    CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey,
    ...groups, ...roles, ...instanceProfiles, ...policies, ...attachments, ...inlinePolicies,
    ...loginProfiles, ...passwordPolicy, ...account, ...oidcProviders, ...samlProviders, ...mfaDevices,
    ...simulate,
    ...serverCertificates, ...sshPublicKeys, ...signingCertificates, ...serviceSpecificCredentials,
    ...accessKeyLastUsed, ...policiesGrantingAccess, ...stsPreferences,
  },
};

// Cognito User Pools (awsJson1.1, per region): operation name → handler, one file per family as the API
// reference groups them, plus the plain HTTP routes: JWKS, discovery, and each domain's authorization server.
import type { ServiceHandlers } from "../operation.js";
import { operations as authFlows } from "./auth-flows.js";
import { operations as branding } from "./branding.js";
import { operations as clients } from "./clients.js";
import { operations as devices } from "./devices.js";
import { operations as domains } from "./domains.js";
import { operations as groups } from "./groups.js";
import { operations as identityProviders } from "./identity-providers.js";
import { operations as mfa } from "./mfa.js";
import { oauthRoutes } from "./oauth/routes.js";
import { operations as passkeys } from "./passkeys.js";
import { operations as pools } from "./pools.js";
import { operations as providerLinks } from "./provider-links.js";
import { operations as resourceServers } from "./resource-servers.js";
import { operations as selfService } from "./self-service.js";
import { operations as signUp } from "./sign-up.js";
import { operations as users } from "./users.js";

export const cognitoHandlers: ServiceHandlers = {
  id: "cognito-idp",
  operations: {
    ...pools, ...clients, ...users, ...groups, ...signUp, ...authFlows, ...selfService, ...mfa,
    ...devices, ...passkeys, ...domains, ...resourceServers, ...identityProviders, ...providerLinks, ...branding,
  },
  routes: oauthRoutes,
};

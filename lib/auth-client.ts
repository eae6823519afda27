import { createAuthClient } from "better-auth/react";
import { twoFactorClient } from "better-auth/client/plugins";

// The browser side of better-auth's endpoints (app/api/auth/[...all]/route.ts), typed from its plugins: the
// client plugins match the server's (lib/server/auth/config.ts: twoFactor; generic OAuth needs none, its
// provider signs in through signIn.social). Screens use it only through lib/api-client/auth/mutations.ts.
//
// Nothing here reads the session: the console's pages get it from the server, so the client's session store
// (GET /get-session on mount, polling, cross-tab sync) is never subscribed. No default redirect plugin: each
// caller decides where the browser goes (lib/safe-next.ts), and twoFactorClient gets no page, so that a password
// step needing a code is handled by the sign-in form, which keeps its `next`.
export const authClientOptions = {
  basePath: "/api/auth",
  disableDefaultFetchPlugins: true,
  fetchOptions: { credentials: "same-origin", cache: "no-store" },
  plugins: [twoFactorClient()],
} satisfies Parameters<typeof createAuthClient>[0];

export const authClient = createAuthClient(authClientOptions);

export type AuthClient = typeof authClient;

import type { AuthClient } from "@/lib/auth-client";
import { AuthError, authCall } from "./errors";

// What each auth screen sends and what it gets back, as plain functions of a better-auth client (the browser's
// in lib/auth-client.ts; tests pass one bound to the real route handler): the mutation hooks in ./mutations.ts
// run them. Each resolves to the data the screen needs or throws an AuthError with the message to show.

export const SSO_UNAVAILABLE_MESSAGE = "Single sign-on is not available right now.";

export function authCalls(client: AuthClient) {
  return {
    /** The password step; `twoFactorRedirect` when a code must follow (the session is made after it). */
    signIn: async (input: { email: string; password: string }) => {
      const data = await authCall(
        client.signIn.email({ email: input.email, password: input.password, rememberMe: true }),
      );
      return { twoFactorRedirect: "twoFactorRedirect" in data && data.twoFactorRedirect === true };
    },

    /** Starts single sign-on with the configured OIDC provider: resolves to the provider's address. */
    signInWithSso: async (input: { callbackURL: string }) => {
      const data = await authCall(
        client.signIn.social({
          provider: "oidc",
          callbackURL: input.callbackURL,
          errorCallbackURL: "/sign-in",
        }),
      );
      const url = "url" in data ? data.url : undefined;
      if (!url) throw new AuthError({ status: 500, message: SSO_UNAVAILABLE_MESSAGE });
      return { url };
    },

    /** The second step of sign-in, or the first code of an enrolment: an app code or a recovery code. */
    verifyTwoFactor: (input: { code: string; recovery: boolean }) =>
      authCall(
        input.recovery
          ? client.twoFactor.verifyBackupCode({ code: input.code })
          : client.twoFactor.verifyTotp({ code: input.code }),
      ),

    /** Sets the password through the one-time link an admin handed over. */
    setPassword: (input: { newPassword: string; token: string }) =>
      authCall(client.resetPassword({ newPassword: input.newPassword, token: input.token })),

    signOut: () => authCall(client.signOut()),

    /** Enrolment, first step: the password gives the secret (an otpauth:// URI) and the recovery codes. */
    enableTwoFactor: async (password: string) => {
      const data = await authCall(client.twoFactor.enable({ password }));
      // The console's two-factor is TOTP only (lib/server/auth/config.ts): an e-mailed code never comes back.
      if (!("totpURI" in data)) {
        throw new AuthError({ status: 500, message: "Two-factor setup could not start." });
      }
      return { totpURI: data.totpURI, backupCodes: data.backupCodes };
    },

    disableTwoFactor: (password: string) => authCall(client.twoFactor.disable({ password })),

    /** New recovery codes (the old ones stop working at once). */
    regenerateRecoveryCodes: async (password: string) => {
      const data = await authCall(client.twoFactor.generateBackupCodes({ password }));
      return { backupCodes: data.backupCodes };
    },

    changePassword: (input: { currentPassword: string; newPassword: string; revokeOtherSessions: boolean }) =>
      authCall(client.changePassword(input)),

    revokeOtherSessions: () => authCall(client.revokeOtherSessions()),
  };
}

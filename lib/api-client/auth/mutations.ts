import { useMutation } from "@tanstack/react-query";
import { authClient } from "@/lib/auth-client";
import { accountKeys } from "../account/keys";
import { auditKeys } from "../audit/keys";
import { useInvalidate } from "../invalidate";
import { authCalls } from "./calls";

// better-auth's endpoints as mutations (./calls.ts on lib/auth-client.ts). Errors are AuthErrors carrying the
// message to show (./errors.ts); screens read isPending / error / data and decide where the browser goes next.
// The self-service changes end or replace sessions and are audited (lib/server/auth/account-audit.ts): they
// refresh the Account page's lists and the audit log.

const calls = authCalls(authClient);

function useSelfService<I, O>(mutationFn: (input: I) => Promise<O>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn, onSettled: () => invalidate(accountKeys.all(), auditKeys.all()) });
}

export const useSignIn = () => useMutation({ mutationFn: calls.signIn });
export const useSignInWithSso = () => useMutation({ mutationFn: calls.signInWithSso });
export const useVerifyTwoFactor = () => useMutation({ mutationFn: calls.verifyTwoFactor });
export const useSetPassword = () => useMutation({ mutationFn: calls.setPassword });
export const useEnableTwoFactor = () => useMutation({ mutationFn: calls.enableTwoFactor });

/** Enrolment, second step: a first code from the app proves it works and turns two-factor on. */
export const useConfirmTwoFactor = () =>
  useSelfService((code: string) => calls.verifyTwoFactor({ code, recovery: false }));
export const useDisableTwoFactor = () => useSelfService(calls.disableTwoFactor);
export const useRegenerateRecoveryCodes = () => useSelfService(calls.regenerateRecoveryCodes);
export const useChangePassword = () => useSelfService(calls.changePassword);
export const useRevokeOtherSessions = () => useSelfService(calls.revokeOtherSessions);

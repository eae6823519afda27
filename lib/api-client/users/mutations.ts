import { useMutation } from "@tanstack/react-query";
import type { CreateUserInput, UpdateUserInput } from "@/lib/schemas/users";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { userKeys } from "./keys";

const userPath = (userId: string) => `/api/users/${encodeURIComponent(userId)}`;

// A change of a console user also writes an audit row: both lists are refreshed.

export function useCreateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateUserInput) =>
      apiFetch("/api/users", { method: "POST", body: input, schema: answer("userCreatedSchema") }),
    onSettled: () => invalidate(userKeys.all(), auditKeys.all()),
  });
}

export function useUpdateUser(userId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (change: UpdateUserInput) =>
      apiFetch(userPath(userId), { method: "PATCH", body: change, schema: answer("userUpdatedSchema") }),
    onSettled: () => invalidate(userKeys.all(), auditKeys.all()),
  });
}

/** A fresh one-time set-password link; the user list is unchanged, the audit log gains a row. */
export function useSetPasswordLink(userId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () =>
      apiFetch(`${userPath(userId)}/set-password-link`, {
        method: "POST",
        schema: answer("setPasswordLinkSchema"),
      }),
    onSettled: () => invalidate(auditKeys.all()),
  });
}

export function useResetTwoFactor(userId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () =>
      apiFetch(`${userPath(userId)}/reset-two-factor`, {
        method: "POST",
        schema: answer("userUpdatedSchema"),
      }),
    onSettled: () => invalidate(userKeys.all(), auditKeys.all()),
  });
}

import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api-client/fetcher";
import type { CreateUserInput, UpdateUserInput } from "@/lib/schemas/users";
import {
  setPasswordLinkSchema,
  userCreatedSchema,
  userUpdatedSchema,
  usersListSchema,
} from "@/lib/schemas/users";

import { queryKeys } from "./query-keys";

const usersKey = queryKeys.users();
/** A change of a console user also writes an audit row: both lists are refreshed. */
const invalidateUsers = (queryClient: ReturnType<typeof useQueryClient>) =>
  Promise.all([
    queryClient.invalidateQueries({ queryKey: usersKey }),
    queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
  ]);

export const usersQuery = () =>
  queryOptions({
    queryKey: usersKey,
    queryFn: ({ signal }) => apiFetch("/api/users", { signal, schema: usersListSchema }),
  });

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateUserInput) =>
      apiFetch("/api/users", { method: "POST", body: input, schema: userCreatedSchema }),
    onSettled: () => invalidateUsers(queryClient),
  });
}

export function useUpdateUser(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: UpdateUserInput) =>
      apiFetch(`/api/users/${encodeURIComponent(userId)}`, {
        method: "PATCH",
        body: change,
        schema: userUpdatedSchema,
      }),
    onSettled: () => invalidateUsers(queryClient),
  });
}

export function useSetPasswordLink(userId: string) {
  return useMutation({
    mutationFn: () =>
      apiFetch(`/api/users/${encodeURIComponent(userId)}/set-password-link`, {
        method: "POST",
        schema: setPasswordLinkSchema,
      }),
  });
}

export function useResetTwoFactor(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch(`/api/users/${encodeURIComponent(userId)}/reset-two-factor`, {
        method: "POST",
        schema: userUpdatedSchema,
      }),
    onSettled: () => invalidateUsers(queryClient),
  });
}

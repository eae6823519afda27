import { useMutation } from "@tanstack/react-query";
import type { CreateTokenInput } from "@/lib/schemas/tokens";
import { auditKeys } from "../audit/keys";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { useInvalidate } from "../invalidate";
import { tokenKeys } from "./keys";

const myTokenPath = (tokenId: string) => `/api/account/tokens/${encodeURIComponent(tokenId)}`;
const anyTokenPath = (tokenId: string) => `/api/tokens/${encodeURIComponent(tokenId)}`;

// Every change of a token writes an audit row: the token lists and the audit log are refreshed.

/** Answers the secret once (CreatedToken.token); the caller keeps it only while it is shown. */
export function useCreateToken() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: CreateTokenInput) =>
      apiFetch("/api/account/tokens", { method: "POST", body: input, schema: answer("createdTokenSchema") }),
    onSettled: () => invalidate(tokenKeys.all(), auditKeys.all()),
  });
}

/** Revokes one of the caller's own tokens. */
export function useRevokeMyToken() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (tokenId: string) => apiFetch(myTokenPath(tokenId), { method: "DELETE" }),
    onSettled: () => invalidate(tokenKeys.all(), auditKeys.all()),
  });
}

/** Revokes anyone's token (admins). */
export function useRevokeAnyToken() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (tokenId: string) => apiFetch(anyTokenPath(tokenId), { method: "DELETE" }),
    onSettled: () => invalidate(tokenKeys.all(), auditKeys.all()),
  });
}

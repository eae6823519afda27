import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { tokenKeys } from "./keys";

/** The signed-in user's own tokens, newest first, revoked and expired ones included. */
export const myTokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.mine(),
    queryFn: ({ signal }) => apiFetch("/api/account/tokens", { signal, schema: answer("tokenListSchema") }),
  });

/** Every console user's tokens with their owner (admins only). */
export const allTokensQuery = () =>
  queryOptions({
    queryKey: tokenKeys.everyone(),
    queryFn: ({ signal }) => apiFetch("/api/tokens", { signal, schema: answer("adminTokenListSchema") }),
  });

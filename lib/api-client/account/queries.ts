import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { accountKeys } from "./keys";

/** The Account page's own sessions. */
export const accountSessionsQuery = () =>
  queryOptions({
    queryKey: accountKeys.sessions(),
    queryFn: ({ signal }) =>
      apiFetch("/api/account/sessions", { signal, schema: answer("accountSessionListSchema") }),
  });

import { queryOptions } from "@tanstack/react-query";
import { accountSessionListSchema } from "@/lib/schemas/account";
import { apiFetch } from "../fetcher";
import { accountKeys } from "./keys";

/** The Account page's own sessions. */
export const accountSessionsQuery = () =>
  queryOptions({
    queryKey: accountKeys.sessions(),
    queryFn: ({ signal }) => apiFetch("/api/account/sessions", { signal, schema: accountSessionListSchema }),
  });

import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { policyKeys } from "./keys";

/** The org's guardrails (admins only: GET /api/orgs/{orgId}/policy). */
export const policyQuery = (orgId: string) =>
  queryOptions({
    queryKey: policyKeys.detail(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/policy`, { signal, schema: answer("policyResponseSchema") }),
  });

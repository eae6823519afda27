import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { sunsetKeys } from "./keys";

/** What in this org still depends on the legacy invitations API (the Sunset readiness page). */
export const sunsetQuery = (orgId: string) =>
  queryOptions({
    queryKey: sunsetKeys.readiness(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/sunset`, { signal, schema: answer("sunsetReadinessSchema") }),
  });

/**
 * The banner on every page: the same data, accepting a server answer up to 30 s old and refreshed rarely (the
 * readiness reads every project's invitations).
 */
export function useSunsetBanner(orgId: string | null) {
  return useQuery({
    queryKey: orgId ? sunsetKeys.readiness(orgId) : sunsetKeys.none(),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId!)}/sunset?cached=1`, { signal, schema: answer("sunsetReadinessSchema") }),
    enabled: orgId !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

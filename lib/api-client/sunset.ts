import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { MigrateInput } from "@/lib/schemas/sunset";
import { migrateResponseSchema, sunsetReadinessSchema } from "@/lib/schemas/sunset";
import { apiFetch } from "./fetcher";
import { orgPath } from "./queries";
import { mutationKeys, queryKeys } from "./query-keys";

/** What in this org still depends on the legacy invitations API (the Sunset readiness page). */
export const sunsetQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.sunset(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/sunset`, { signal, schema: sunsetReadinessSchema }),
  });

/**
 * The banner on every page: the same data, accepting a server answer up to 30 s old and refreshed rarely (the
 * readiness reads every project's invitations).
 */
export function useSunsetBanner(orgId: string | null) {
  return useQuery({
    queryKey: orgId ? queryKeys.sunset(orgId) : ["orgs", "none", "sunset"],
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId!)}/sunset?cached=1`, { signal, schema: sunsetReadinessSchema }),
    enabled: orgId !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

export function useMigrateLegacy(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: mutationKeys.migrateLegacy(orgId),
    mutationFn: (input: MigrateInput) =>
      apiFetch(`${orgPath(orgId)}/sunset/migrate`, {
        method: "POST",
        body: input,
        schema: migrateResponseSchema,
      }),
    onSettled: () =>
      void Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.sunset(orgId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.audit() }),
      ]),
  });
}

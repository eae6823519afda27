import { queryOptions } from "@tanstack/react-query";
import { invitationListSchema, memberListSchema } from "@/lib/schemas/invitations";
import { orgListSchema, projectListSchema, teamListSchema } from "@/lib/schemas/params";
import { apiFetch } from "./fetcher";
import { queryKeys } from "./query-keys";

const orgPath = (orgId: string) => `/api/orgs/${encodeURIComponent(orgId)}`;

export const orgsQuery = () =>
  queryOptions({
    queryKey: queryKeys.orgs(),
    queryFn: ({ signal }) => apiFetch("/api/orgs", { signal, schema: orgListSchema }),
  });

export const teamsQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.teams(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/teams`, { signal, schema: teamListSchema }),
  });

export const projectsQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.projects(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/projects`, { signal, schema: projectListSchema }),
  });

export const invitationsQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.invitations(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/invitations`, { signal, schema: invitationListSchema }),
  });

/** The org's active members (only for those who may invite); read when the invite dialog opens. */
export const membersQuery = (orgId: string) =>
  queryOptions({
    queryKey: queryKeys.members(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/members`, { signal, schema: memberListSchema }),
    staleTime: 5 * 60_000,
  });

export { orgPath };

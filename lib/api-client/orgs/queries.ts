import { queryOptions } from "@tanstack/react-query";
import { memberListSchema } from "@/lib/schemas/invitations";
import { orgListSchema, projectListSchema, teamListSchema } from "@/lib/schemas/params";
import { apiFetch } from "../fetcher";
import { orgPath } from "../paths";
import { orgKeys } from "./keys";

export const orgsQuery = () =>
  queryOptions({
    queryKey: orgKeys.all(),
    queryFn: ({ signal }) => apiFetch("/api/orgs", { signal, schema: orgListSchema }),
  });

export const teamsQuery = (orgId: string) =>
  queryOptions({
    queryKey: orgKeys.teams(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/teams`, { signal, schema: teamListSchema }),
  });

export const projectsQuery = (orgId: string) =>
  queryOptions({
    queryKey: orgKeys.projects(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/projects`, { signal, schema: projectListSchema }),
  });

/** The org's active members (only for those who may invite); read when the invite dialog opens. */
export const membersQuery = (orgId: string) =>
  queryOptions({
    queryKey: orgKeys.members(orgId),
    queryFn: ({ signal }) => apiFetch(`${orgPath(orgId)}/members`, { signal, schema: memberListSchema }),
    staleTime: 5 * 60_000,
  });

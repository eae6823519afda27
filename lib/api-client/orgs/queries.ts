import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { orgKeys } from "./keys";

export const orgsQuery = () =>
  queryOptions({
    queryKey: orgKeys.all(),
    queryFn: ({ signal }) => apiFetch("/api/orgs", { signal, schema: answer("orgListSchema") }),
  });

export const teamsQuery = (orgId: string) =>
  queryOptions({
    queryKey: orgKeys.teams(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/teams`, { signal, schema: answer("teamListSchema") }),
  });

export const projectsQuery = (orgId: string) =>
  queryOptions({
    queryKey: orgKeys.projects(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/projects`, { signal, schema: answer("projectListSchema") }),
  });

/** The org's active members (only for those who may invite); read when the invite dialog opens. */
export const membersQuery = (orgId: string) =>
  queryOptions({
    queryKey: orgKeys.members(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/members`, { signal, schema: answer("memberListSchema") }),
    staleTime: 5 * 60_000,
  });

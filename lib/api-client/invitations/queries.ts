import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { orgPath } from "../paths";
import { invitationKeys } from "./keys";

export const invitationsQuery = (orgId: string) =>
  queryOptions({
    queryKey: invitationKeys.list(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/invitations`, { signal, schema: answer("invitationListSchema") }),
  });

/** Renews that stopped half-way (GET /invitations/renewals), each with one click to finish. */
export const renewalsQuery = (orgId: string) =>
  queryOptions({
    queryKey: invitationKeys.renewals(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/invitations/renewals`, {
        signal,
        schema: answer("unfinishedRenewalListSchema"),
      }),
  });

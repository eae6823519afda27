import { queryOptions, experimental_streamedQuery as streamedQuery } from "@tanstack/react-query";
import type { StreamedList } from "@/lib/invitations/list-stream";
import { answer } from "../answers";
import { apiFetch, apiStream } from "../fetcher";
import { orgPath } from "../paths";
import { invitationKeys } from "./keys";
import { readPendingList } from "./list-stream";

/** The pending list's streamed form (docs/api.md); the page's preload asks for the same URL. */
export const invitationsStreamPath = (orgId: string) => `${orgPath(orgId)}/invitations?stream=ndjson`;

const NOTHING_YET: StreamedList = { api: "users", invitations: [], progress: { loaded: 0, total: 0 } };

/**
 * Streamed: the first Atlas page shows while the rest loads (`progress` set until the list is whole). A
 * refetch keeps the whole list it had until the new one is whole ("replace"), so a refresh after an action
 * never shrinks the list to a page.
 */
export const invitationsQuery = (orgId: string) =>
  queryOptions({
    queryKey: invitationKeys.list(orgId),
    queryFn: streamedQuery<StreamedList, StreamedList>({
      streamFn: async ({ signal }) => readPendingList(await apiStream(invitationsStreamPath(orgId), signal)),
      reducer: (_, next) => next,
      initialValue: NOTHING_YET,
      refetchMode: "replace",
    }),
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

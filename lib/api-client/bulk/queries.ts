import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import type { BulkPlanBucket, BulkRowState, BulkRun } from "@/lib/schemas/bulk";
import type { BulkRunStatus } from "@/lib/schemas/onboarding";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { invalidate } from "../invalidate";
import { invitationKeys } from "../invitations/keys";
import { orgPath } from "../paths";
import { bulkKeys } from "./keys";

// Bulk imports (lib/schemas/bulk.ts): the org's recent runs, one run (polled while it moves) and its rows.

/** Statuses in which the job is still changing the run: the page reads it again every second. */
const MOVING: readonly BulkRunStatus[] = ["running", "pausing", "cancelling"];
export const isRunMoving = (status: BulkRunStatus | undefined): boolean =>
  status !== undefined && MOVING.includes(status);

export const RUN_POLL_MS = 1_000;
/** The list only shows progress in passing: a slower poll while some run moves. */
export const RUNS_POLL_MS = 5_000;

export const bulkRunPath = (orgId: string, runId: string) =>
  `${orgPath(orgId)}/bulk/${encodeURIComponent(runId)}`;

/** The results (or, before start, the plan) as a CSV download; `?format=json` is the same as JSON. */
export const bulkResultsPath = (orgId: string, runId: string) => `${bulkRunPath(orgId, runId)}/results`;

export const bulkRunsQuery = (orgId: string) =>
  queryOptions({
    queryKey: bulkKeys.runs(orgId),
    queryFn: ({ signal }) =>
      apiFetch(`${orgPath(orgId)}/bulk`, { signal, schema: answer("bulkRunListSchema") }),
    refetchInterval: (q) => (q.state.data?.runs.some((r) => isRunMoving(r.status)) ? RUNS_POLL_MS : false),
  });

export const bulkRunQuery = (orgId: string, runId: string) =>
  queryOptions({
    queryKey: bulkKeys.run(orgId, runId),
    queryFn: ({ signal }) =>
      apiFetch(bulkRunPath(orgId, runId), { signal, schema: answer("bulkRunResponseSchema") }),
    refetchInterval: (q) => (isRunMoving(q.state.data?.run.status) ? RUN_POLL_MS : false),
  });

export interface BulkRowsFilter {
  bucket?: BulkPlanBucket;
  state?: BulkRowState;
  offset: number;
  limit: number;
}

export function bulkRowsSearch(filter: BulkRowsFilter): string {
  const q = new URLSearchParams();
  if (filter.bucket) q.set("bucket", filter.bucket);
  if (filter.state) q.set("state", filter.state);
  q.set("offset", String(filter.offset));
  q.set("limit", String(filter.limit));
  return q.toString();
}

/** One page of a run's rows; re-read every second while the run moves (states and outcomes change). */
export const bulkRowsQuery = (orgId: string, runId: string, filter: BulkRowsFilter, moving: boolean) =>
  queryOptions({
    queryKey: bulkKeys.rows(orgId, runId, filter),
    queryFn: ({ signal }) =>
      apiFetch(`${bulkRunPath(orgId, runId)}/rows?${bulkRowsSearch(filter)}`, {
        signal,
        schema: answer("bulkRowsPageSchema"),
      }),
    refetchInterval: moving ? RUN_POLL_MS : false,
    placeholderData: (previous) => previous,
  });

/**
 * The run, polled while it moves. When it stops moving (finished, paused, cancelled), the pending invitations
 * list of the org is read again: the job sent invitations that the list has not seen.
 */
export function useBulkRun(orgId: string, runId: string) {
  const queryClient = useQueryClient();
  const query = useQuery(bulkRunQuery(orgId, runId));
  const status: BulkRun["status"] | undefined = query.data?.run.status;
  const seen = useRef<BulkRun["status"] | undefined>(undefined);
  useEffect(() => {
    if (status === undefined) return;
    const before = seen.current;
    seen.current = status;
    if (isRunMoving(before) && !isRunMoving(status)) {
      void invalidate(queryClient, invitationKeys.list(orgId), bulkKeys.all(orgId));
    }
  }, [status, orgId, queryClient]);
  return query;
}

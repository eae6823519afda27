import {
  useQueryClient,
  type InvalidateQueryFilters,
  type QueryClient,
  type QueryKey,
} from "@tanstack/react-query";

// The one way the browser refreshes what a change touched: every mutation's `onSettled` returns this promise, so
// that `mutateAsync` (and the pending state a dialog shows) lasts until the lists it changed have been read
// again. Keys are prefixes (./<resource>/keys.ts): ["orgs", orgId] refreshes everything of that org.

/** A key prefix, or filters where a prefix says too much (a predicate that leaves one query out). */
export type InvalidateTarget = QueryKey | InvalidateQueryFilters;

const isKey = (t: InvalidateTarget): t is QueryKey => Array.isArray(t);

/** Marks every query under each target stale and refetches the active ones; resolves when all have settled. */
export async function invalidate(
  queryClient: QueryClient,
  ...targets: readonly InvalidateTarget[]
): Promise<void> {
  await Promise.all(targets.map((t) => queryClient.invalidateQueries(isKey(t) ? { queryKey: t } : t)));
}

/** `invalidate` bound to the component's QueryClient, for `onSettled: () => invalidate(…targets)`. */
export function useInvalidate(): (...targets: readonly InvalidateTarget[]) => Promise<void> {
  const queryClient = useQueryClient();
  return (...targets) => invalidate(queryClient, ...targets);
}

import { useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";

// The one way a mutation refreshes what it changed: every mutation's `onSettled` returns this promise, so that
// `mutateAsync` (and the pending state a dialog shows) lasts until the lists it changed have been read again.
// Keys are prefixes (./<resource>/keys.ts): ["orgs", orgId] refreshes everything of that org.

/** Marks every query under each prefix stale and refetches the active ones; resolves when all have settled. */
export async function invalidate(queryClient: QueryClient, ...keys: readonly QueryKey[]): Promise<void> {
  await Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/** `invalidate` bound to the component's QueryClient, for `onSettled: () => invalidate(…keys)`. */
export function useInvalidate(): (...keys: readonly QueryKey[]) => Promise<void> {
  const queryClient = useQueryClient();
  return (...keys) => invalidate(queryClient, ...keys);
}

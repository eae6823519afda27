import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { invalidate } from "./invalidate";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("invalidate: a mutation settles once what it changed has been read again", () => {
  it("mutateAsync resolves only after the active list under the prefix has refetched", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    let reads = 0;
    const second = deferred();
    const list = new QueryObserver(client, {
      queryKey: ["orgs", "o1", "invitations"],
      queryFn: async () => {
        reads += 1;
        if (reads > 1) await second.promise;
        return reads;
      },
    });
    const unsubscribe = list.subscribe(() => {});
    await expect.poll(() => list.getCurrentResult().data).toBe(1);

    const steps: string[] = [];
    const mutation = new MutationObserver(client, {
      mutationFn: async () => "done",
      onSettled: () => invalidate(client, ["orgs", "o1"], ["audit"]),
    });
    const settled = mutation.mutate().then(() => steps.push("settled"));
    await expect.poll(() => reads).toBe(2);
    expect(steps).toEqual([]);
    second.resolve();
    await settled;
    expect(list.getCurrentResult().data).toBe(2);
    unsubscribe();
  });

  it("filters leave out what a predicate excludes", async () => {
    const client = new QueryClient();
    client.setQueryData(["orgs", "o1", "invitations", "ledger", "pending"], 1);
    client.setQueryData(["orgs", "o1", "invitations", "ledger", "sync"], 1);
    await invalidate(client, {
      queryKey: ["orgs", "o1", "invitations", "ledger"],
      predicate: (q) => q.queryKey[4] !== "sync",
    });
    const stale = (key: string) =>
      client.getQueryState(["orgs", "o1", "invitations", "ledger", key])?.isInvalidated;
    expect(stale("pending")).toBe(true);
    expect(stale("sync")).toBe(false);
  });
});

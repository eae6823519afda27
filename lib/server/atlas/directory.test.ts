// readAllPages (./directory.ts): the pages of a paginated Atlas list, read four at a time, are heard in page
// order as soon as each and those before it are in (the streamed pending list), whatever order Atlas answers.
import { describe, expect, it } from "vitest";
import { readAllPages } from "./directory";

const PAGE = 500;

/** A list of `total` items whose pages answer in the order `release` lets them. */
function pagedList(total: number) {
  const pending = new Map<number, () => void>();
  const asked: number[] = [];
  const fetchPage = (n: number) => {
    asked.push(n);
    const results = Array.from(
      { length: Math.max(0, Math.min(PAGE, total - (n - 1) * PAGE)) },
      (_, i) => (n - 1) * PAGE + i,
    );
    return new Promise<{ results: number[]; totalCount: number }>((resolve) =>
      pending.set(n, () => resolve({ results, totalCount: total })),
    );
  };
  const release = async (n: number) => {
    while (!pending.has(n)) await new Promise((r) => setImmediate(r));
    pending.get(n)!();
  };
  return { fetchPage, release, asked };
}

describe("readAllPages", () => {
  it("tells each page in order as soon as it and the pages before it are in", async () => {
    const list = pagedList(2_200); // five pages
    const heard: number[][] = [];
    const all = readAllPages(list.fetchPage, (items) => heard.push([items[0]!, items.length]));
    await list.release(1);
    // Pages 2-5 asked at once; 3 and 5 answer first: nothing heard until 2 is in.
    await list.release(3);
    await list.release(5);
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual([[0, 500]]);
    await list.release(2);
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual([
      [0, 500],
      [500, 500],
      [1000, 500],
    ]);
    await list.release(4);
    const items = await all;
    expect(heard.map(([first]) => first)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(items).toEqual(Array.from({ length: 2_200 }, (_, i) => i));
  });

  it("a later page's failure rejects the read after the pages before it were heard", async () => {
    const heard: number[] = [];
    const read = readAllPages(
      async (n) => {
        if (n === 3) throw new Error("page 3 failed");
        return { results: Array.from({ length: PAGE }, () => n), totalCount: 2_000 };
      },
      (items) => heard.push(items[0]!),
    );
    await expect(read).rejects.toThrow("page 3 failed");
    expect(heard).toEqual([1, 2]);
  });
});

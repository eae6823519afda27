// The browser's token queries (lib/api-client/tokens): the paths they read, the schemas that guard the answers,
// and the key prefix a create or revoke invalidates (both lists live under it).
import { QueryClient } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { invalidate } from "@/lib/api-client/invalidate";
import { tokenKeys } from "@/lib/api-client/tokens/keys";
import { allTokensQuery, myTokensQuery } from "@/lib/api-client/tokens/queries";

const TOKEN = {
  id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e01",
  name: "hr-sync",
  prefix: "ic_AbCd",
  role: "viewer",
  effectiveRole: "viewer",
  orgIds: null,
  createdAt: "2026-12-01T10:00:00Z",
  expiresAt: "2027-03-01T10:00:00Z",
  lastUsedAt: null,
  lastUsedIp: null,
  revokedAt: null,
  state: "active",
};

function answer(body: unknown, status = 200) {
  const calls: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (path: string) => {
      calls.push(path);
      return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("token queries", () => {
  it("read one's own tokens at /api/account/tokens and everyone's at /api/tokens", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const mine = answer({ tokens: [TOKEN] });
    expect((await client.fetchQuery(myTokensQuery())).tokens[0]?.name).toBe("hr-sync");
    expect(mine).toEqual(["/api/account/tokens"]);
    const everyone = answer({
      tokens: [{ ...TOKEN, owner: { id: "u1", email: "ada@example.com", name: "Ada" } }],
    });
    expect((await client.fetchQuery(allTokensQuery())).tokens[0]?.owner.email).toBe("ada@example.com");
    expect(everyone).toEqual(["/api/tokens"]);
  });

  it("refuse an answer that does not parse", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    answer({ tokens: [{ ...TOKEN, state: "weird" }] });
    await expect(client.fetchQuery(myTokensQuery())).rejects.toMatchObject({
      name: "ApiError",
      code: "internal",
    });
    // An admin list whose rows lack their owner is refused as well.
    answer({ tokens: [TOKEN] });
    await expect(client.fetchQuery(allTokensQuery())).rejects.toMatchObject({ name: "ApiError" });
  });

  it("a create or revoke refreshes both lists: they share the prefix the mutations invalidate", async () => {
    const client = new QueryClient();
    client.setQueryData(myTokensQuery().queryKey, { tokens: [] });
    client.setQueryData(allTokensQuery().queryKey, { tokens: [] });
    client.setQueryData(["account", "sessions"], { sessions: [] });
    await invalidate(client, tokenKeys.all());
    expect(client.getQueryState(tokenKeys.mine())?.isInvalidated).toBe(true);
    expect(client.getQueryState(tokenKeys.everyone())?.isInvalidated).toBe(true);
    expect(client.getQueryState(["account", "sessions"])?.isInvalidated).toBe(false);
  });
});

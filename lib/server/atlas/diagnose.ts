import "server-only";
import { z } from "zod";
import type { ConnectionTest } from "@/lib/schemas/connections";
import { orgSchema, pageOf } from "./atlas-schemas";
import { readAllPages } from "./directory";
import type { AtlasHttp, AtlasVersion } from "./http";
import type { TemplateName } from "./templates";

// The read-only Atlas calls of "Test connection" (lib/server/connections/diagnose.ts holds what their
// answers and failures mean): none changes anything in Atlas.

/** An address no invitation can have: the owner probe lists invitations filtered to it (no mutation, tiny answer). */
const PROBE_USERNAME = "connection-test@invite-console.invalid";

export type Observe = (
  endpoint: TemplateName,
  version: AtlasVersion,
) => (status: number, headers: Headers) => void;

/** Observes nothing (a routing probe needs no budget or sunset headers). */
export const observeNothing: Observe = () => () => undefined;

function httpDate(value: string | null): string | null {
  if (!value) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : new Date(t).toISOString();
}

/** Collects the rate-limit budget (the lowest remaining per endpoint) and the deprecation/sunset headers. */
export function headerObserver(): {
  observe: Observe;
  rateLimits: () => ConnectionTest["rateLimits"];
  sunsets: () => ConnectionTest["sunsets"];
} {
  const rateLimits = new Map<string, { endpoint: string; limit: number; remaining: number }>();
  const sunsets = new Map<string, ConnectionTest["sunsets"][number]>();
  const observe: Observe = (endpoint, version) => (_status, headers) => {
    const limit = Number(headers.get("ratelimit-limit"));
    const remaining = Number(headers.get("ratelimit-remaining"));
    if (headers.has("ratelimit-remaining") && Number.isFinite(limit) && Number.isFinite(remaining)) {
      const seen = rateLimits.get(endpoint);
      if (!seen || remaining < seen.remaining) rateLimits.set(endpoint, { endpoint, limit, remaining });
    }
    const deprecation = headers.get("deprecation");
    const sunset = headers.get("sunset");
    if (deprecation || sunset) {
      sunsets.set(`${endpoint} ${version}`, {
        endpoint,
        version,
        deprecation: httpDate(deprecation),
        sunset: httpDate(sunset),
      });
    }
  };
  return { observe, rateLimits: () => [...rateLimits.values()], sunsets: () => [...sunsets.values()] };
}

/** The orgs the service account sees (every page of 500: a company may have more), without the deleted ones. */
export async function listVisibleOrgs(
  http: AtlasHttp,
  observe: Observe,
): Promise<{ id: string; name: string }[]> {
  const orgs = await readAllPages((pageNum) =>
    http.sendData({
      method: "GET",
      template: "listOrgs",
      query: new URLSearchParams({ itemsPerPage: "500", pageNum: String(pageNum) }),
      version: "2023-01-01",
      schema: pageOf(orgSchema),
      onResponse: observe("listOrgs", "2023-01-01"),
    }),
  );
  return orgs.filter((o) => !o.isDeleted).map((o) => ({ id: o.id, name: o.name }));
}

/** Lists the org's invitations filtered to an address none has: answers only for Organization Owner. */
export async function probeOrgInvitations(http: AtlasHttp, orgId: string, observe: Observe): Promise<void> {
  await http.sendData({
    method: "GET",
    template: "listOrgInvites",
    params: { orgId },
    query: new URLSearchParams({ username: PROBE_USERNAME }),
    version: "2023-01-01",
    schema: z.array(z.unknown()),
    onResponse: observe("listOrgInvites", "2023-01-01"),
  });
}

/** Reads one item of the org's pending users (the users API). */
export async function probeOrgUsers(http: AtlasHttp, orgId: string, observe: Observe): Promise<void> {
  await http.sendData({
    method: "GET",
    template: "listOrgUsers",
    params: { orgId },
    query: new URLSearchParams({ orgMembershipStatuses: "PENDING", itemsPerPage: "1", pageNum: "1" }),
    version: "2025-02-19",
    schema: pageOf(z.unknown()),
    onResponse: observe("listOrgUsers", "2025-02-19"),
  });
}

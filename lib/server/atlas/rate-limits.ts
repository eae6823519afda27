import "server-only";
import { ATLAS_ID } from "@/lib/schemas/ids";
import { pageOf, rateLimitEndpointSetSchema } from "./atlas-schemas";
import type { AtlasHttp } from "./http";
import { TEMPLATES } from "./templates";

export interface OrgBudget {
  capacity: number;
  refillRate: number;
  refillDurationSeconds: number;
  endpointSetName: string;
}

/**
 * The bucket that covers creating org users (POST /api/atlas/v2/orgs/{orgId}/users) for this org, or null when
 * Atlas does not say. Never throws (null on any error).
 */
export async function readCreateBudget(http: AtlasHttp, orgId: string): Promise<OrgBudget | null> {
  // listRateLimits matches endpoints by their path template, not by a concrete path.
  const path = TEMPLATES.createOrgUser;
  if (!ATLAS_ID.test(orgId)) return null;
  try {
    const page = await http.sendData({
      method: "GET",
      template: "listRateLimits",
      query: new URLSearchParams([
        ["orgId", orgId],
        ["endpointPath", path],
      ]),
      version: "2025-03-12",
      schema: pageOf(rateLimitEndpointSetSchema),
      // Advisory only: a 429 or 5xx here must not hold up the caller with retries.
      noRetry: true,
    });
    const set = page.results.find(
      (s) => s.scope === "ORGANIZATION" && s.endpoints.some((e) => e.method === "POST" && e.path === path),
    );
    if (!set) return null;
    return {
      capacity: set.capacity.value,
      refillRate: set.refillRate.value,
      refillDurationSeconds: set.refillDurationSeconds.value,
      endpointSetName: set.endpointSetName,
    };
  } catch {
    return null;
  }
}

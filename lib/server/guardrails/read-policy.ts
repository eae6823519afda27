import "server-only";
import { eq } from "drizzle-orm";
import type { PolicyResponse } from "@/lib/schemas/policy";
import { defaultPolicy } from "@/lib/schemas/policy";
import { getDb } from "../db";
import type { PolicyRow } from "../db/schema";
import { orgPolicies } from "../db/schema";

export function policyResponseOf(row: PolicyRow): PolicyResponse {
  return {
    allowedDomains: row.allowedDomains,
    outsideDomains: row.outsideDomains,
    approvalRoles: row.approvalRoles,
    approvalExpiresHours: row.approvalExpiresHours,
    updatedByEmail: row.updatedByEmail,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** GET /api/orgs/{orgId}/policy: the saved policy, or the defaults with no author. */
export async function getPolicy({ orgId }: { orgId: string }): Promise<PolicyResponse> {
  const db = await getDb();
  const [row] = await db.select().from(orgPolicies).where(eq(orgPolicies.orgId, orgId)).limit(1);
  return row ? policyResponseOf(row) : { ...defaultPolicy(), updatedByEmail: null, updatedAt: null };
}

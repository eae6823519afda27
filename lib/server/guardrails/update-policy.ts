import "server-only";
import type { OrgPolicy } from "@/lib/schemas/policy";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { orgPolicies } from "../db/schema";
import { readPolicy } from "./check";
import { policyResponseOf } from "./read-policy";
import type { PolicyResponse } from "@/lib/schemas/policy";

/** What changed, in words, for the audit row ("allowed domains: example.com → example.com, acme.io"). */
function changes(before: OrgPolicy, after: OrgPolicy): string {
  const list = (xs: string[]) => (xs.length ? xs.join(", ") : "(none)");
  const out: string[] = [];
  if (list(before.allowedDomains) !== list(after.allowedDomains))
    out.push(`allowed domains: ${list(before.allowedDomains)} → ${list(after.allowedDomains)}`);
  if (before.outsideDomains !== after.outsideDomains)
    out.push(`outside domains: ${before.outsideDomains} → ${after.outsideDomains}`);
  if (list(before.approvalRoles) !== list(after.approvalRoles))
    out.push(`approval roles: ${list(before.approvalRoles)} → ${list(after.approvalRoles)}`);
  if (before.approvalExpiresHours !== after.approvalExpiresHours)
    out.push(`approval expires after: ${before.approvalExpiresHours} h → ${after.approvalExpiresHours} h`);
  return out.length ? out.join("; ") : "no change";
}

/** PUT /api/orgs/{orgId}/policy: the whole policy replaced, audited as "policy.changed". */
export async function updatePolicy({
  actor,
  orgId,
  policy,
}: {
  actor: AuditActor;
  orgId: string;
  policy: OrgPolicy;
}): Promise<PolicyResponse> {
  const db = await getDb();
  const before = await readPolicy({ orgId, db });
  const { result } = await auditedMutation({
    actor,
    action: "policy.changed",
    target: { orgId, detail: changes(before, policy).slice(0, 1000) },
    db,
    act: async () => {
      const values = { ...policy, updatedByEmail: actor.email, updatedAt: new Date() };
      const [row] = await db
        .insert(orgPolicies)
        .values({ orgId, ...values })
        .onConflictDoUpdate({ target: orgPolicies.orgId, set: values })
        .returning();
      return row!;
    },
  });
  return policyResponseOf(result);
}

import { z } from "zod";
import { OUTSIDE_DOMAIN_POLICIES } from "./onboarding";
import { ORG_ROLE_VALUES, PROJECT_ROLE_PATTERN } from "./roles";

// An org's guardrails (GET/PUT /api/orgs/{orgId}/policy), read by the policy form and the handler. Domains
// match exactly: "example.com" allows ada@example.com, not ada@eu.example.com; list each sub-domain that
// may be invited (lib/server/guardrails/check.ts).

/** A host name as an e-mail domain: labels of letters, digits and inner dashes, at least one dot, no "@". */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((d) => !d.includes("@"), "a domain only, without @ (example.com)")
  .refine((d) => d.includes("@") || DOMAIN.test(d), "is not a domain name such as example.com");

export const approvalRoleSchema = z
  .string()
  .refine(
    (r) => (ORG_ROLE_VALUES as readonly string[]).includes(r) || PROJECT_ROLE_PATTERN.test(r),
    "must be an organization role or a project role such as GROUP_OWNER",
  );

export const APPROVAL_EXPIRES_HOURS = { min: 1, max: 720, default: 72 } as const;

export const policySchema = z.object({
  allowedDomains: z.array(domainSchema).max(200, "at most 200 domains"),
  outsideDomains: z.enum(OUTSIDE_DOMAIN_POLICIES),
  approvalRoles: z.array(approvalRoleSchema).max(50),
  approvalExpiresHours: z
    .number({ error: "hours between 1 and 720" })
    .int("whole hours")
    .min(APPROVAL_EXPIRES_HOURS.min, "at least 1 hour")
    .max(APPROVAL_EXPIRES_HOURS.max, "at most 720 hours (30 days)"),
});
export type OrgPolicy = z.infer<typeof policySchema>;
export type PolicyFormValues = z.input<typeof policySchema>;

/** PUT's input: the policy, domains and roles de-duplicated (a domain listed twice is one). */
export const policyInputSchema = policySchema.transform((p) => ({
  ...p,
  allowedDomains: [...new Set(p.allowedDomains)],
  approvalRoles: [...new Set(p.approvalRoles)],
}));

/** GET's answer: the policy, and who changed it last (null: the defaults, never saved). */
export const policyResponseSchema = policySchema.extend({
  updatedByEmail: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type PolicyResponse = z.infer<typeof policyResponseSchema>;

/** No row: any domain, outside ones refused (moot with no list), no second approver. */
export const defaultPolicy = (): OrgPolicy => ({
  allowedDomains: [],
  outsideDomains: "refuse",
  approvalRoles: [],
  approvalExpiresHours: APPROVAL_EXPIRES_HOURS.default,
});

/** The domain of an address, lower-cased ("" when it has no @). */
export function domainOf(email: string): string {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : email.slice(at + 1).toLowerCase();
}

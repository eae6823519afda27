import "server-only";
import { eq } from "drizzle-orm";
import type { Grants } from "@/lib/schemas/grants";
import type { OrgPolicy } from "@/lib/schemas/policy";
import { defaultPolicy, domainOf } from "@/lib/schemas/policy";
import { orgRoleLabel, projectRoleLabel } from "@/lib/schemas/roles";
import type { Db } from "../db";
import { getDb } from "../db";
import { orgPolicies } from "../db/schema";

// The org's guardrails (lib/schemas/policy.ts) as one verdict per address and grants: every path that invites
// (createInvitations, the approval itself, the bulk job's plan) asks here, so none can skip them.
// Domains match exactly, lower-cased: "example.com" does not cover "eu.example.com" (an admin lists each
// sub-domain), so that allowing a company's domain never allows whatever a third party hosts under it.

export type GuardrailVerdict =
  | { verdict: "allow" }
  | { verdict: "refuse"; field: "emails" | "orgRoles" | "projectRoles"; message: string }
  | { verdict: "approval"; reasons: string[] };

export type { OrgPolicy };

/** The org's policy; the defaults when none was saved. */
export async function readPolicy({ orgId, db }: { orgId: string; db?: Db }): Promise<OrgPolicy> {
  const d = db ?? (await getDb());
  const [row] = await d.select().from(orgPolicies).where(eq(orgPolicies.orgId, orgId)).limit(1);
  if (!row) return defaultPolicy();
  return {
    allowedDomains: row.allowedDomains,
    outsideDomains: row.outsideDomains,
    approvalRoles: row.approvalRoles,
    approvalExpiresHours: row.approvalExpiresHours,
  };
}

/** Whether the address's domain is one the org allows (an empty list allows any). */
export function domainAllowed(policy: OrgPolicy, email: string): boolean {
  return policy.allowedDomains.length === 0 || policy.allowedDomains.includes(domainOf(email));
}

function outsideMessage(policy: OrgPolicy, email: string): string {
  const list = policy.allowedDomains.join(", ");
  return `${domainOf(email) || email} is outside this organization's allowed e-mail domains (${list}).`;
}

/** The grants' roles that need a second approver, in words ("Organization Owner", "Project Owner"). */
export function approvalRolesIn(policy: OrgPolicy, grants: Grants): string[] {
  if (policy.approvalRoles.length === 0) return [];
  const wanted = new Set(policy.approvalRoles);
  const org = grants.orgRoles.filter((r) => wanted.has(r)).map(orgRoleLabel);
  const project = grants.projectRoles.flatMap((p) => p.roles.filter((r) => wanted.has(r)));
  return [...new Set([...org, ...project.map(projectRoleLabel)])];
}

/** The verdict for one address with one policy read (pure: the bulk job plans many rows with it). */
export function evaluateGuardrails(policy: OrgPolicy, email: string, grants: Grants): GuardrailVerdict {
  const reasons: string[] = [];
  if (!domainAllowed(policy, email)) {
    const message = outsideMessage(policy, email);
    if (policy.outsideDomains === "refuse") return { verdict: "refuse", field: "emails", message };
    reasons.push(message);
  }
  const roles = approvalRolesIn(policy, grants);
  if (roles.length > 0)
    reasons.push(`grants ${roles.join(", ")}, which this organization has approved by a second admin.`);
  return reasons.length > 0 ? { verdict: "approval", reasons } : { verdict: "allow" };
}

/**
 * The verdict for an invitation a second admin approved: the approval stands for the roles and for an address
 * outside the domains, but the domain rule is applied again as it is now (refused if the org refuses outside
 * addresses since).
 */
export function evaluateApproved(policy: OrgPolicy, email: string): GuardrailVerdict {
  if (domainAllowed(policy, email) || policy.outsideDomains === "approval") return { verdict: "allow" };
  return { verdict: "refuse", field: "emails", message: outsideMessage(policy, email) };
}

export async function checkGuardrails({
  orgId,
  email,
  grants,
}: {
  orgId: string;
  email: string;
  grants: Grants;
}): Promise<GuardrailVerdict> {
  return evaluateGuardrails(await readPolicy({ orgId }), email, grants);
}

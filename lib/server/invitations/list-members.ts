import "server-only";
import type { MemberList } from "@/lib/schemas/invitations";
import { listOrgPeople } from "../atlas/directory";
import { atlasForOrg } from "../connections/route-org";

/**
 * The org's active members, for the invite form to say "already a member" before Send rather than after
 * (components/invitations/address-check.ts). Atlas's users API lists them whichever API invites go through;
 * addresses only, lower-cased.
 */
export async function listMembers(orgId: string): Promise<MemberList> {
  const { http } = await atlasForOrg(orgId);
  const people = await listOrgPeople(http, orgId, ["ACTIVE"]);
  const emails = people
    .filter((p) => p.orgMembershipStatus === "ACTIVE")
    .map((p) => p.username.toLowerCase());
  return { emails: [...new Set(emails)].sort() };
}

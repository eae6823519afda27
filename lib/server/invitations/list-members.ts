import "server-only";
import type { MemberList } from "@/lib/schemas/invitations";
import { orgUserSchema, pageOf } from "../atlas/atlas-schemas";
import { readAllPages } from "../atlas/directory";
import { atlasForOrg } from "../connections/route-org";

/**
 * The org's active members, for the invite form to say "already a member" before Send rather than after
 * (components/invitations/address-check.ts). Atlas's users API lists them whichever API invites go through;
 * addresses only, lower-cased.
 */
export async function listMembers(orgId: string): Promise<MemberList> {
  const { http } = await atlasForOrg(orgId);
  const people = await readAllPages(async (page) =>
    http.send({
      method: "GET",
      template: "listOrgUsers",
      params: { orgId },
      query: new URLSearchParams([
        ["orgMembershipStatuses", "ACTIVE"],
        ["itemsPerPage", "500"],
        ["pageNum", String(page)],
      ]),
      version: "2025-02-19",
      schema: pageOf(orgUserSchema),
    }),
  );
  const emails = people
    .filter((p) => p.orgMembershipStatus === "ACTIVE")
    .map((p) => p.username.toLowerCase());
  return { emails: [...new Set(emails)].sort() };
}

import "server-only";
import { orgUserSchema, pageOf } from "./atlas-schemas";
import type { OrgUser } from "./atlas-schemas";
import { readAllPages } from "./directory";
import type { AtlasHttp } from "./http";

export type OrgMembershipStatus = OrgUser["orgMembershipStatus"];

/**
 * Everybody of an org in the given membership statuses, through the users API (2025-02-19): pending,
 * expired and rejected invitations and active members, with their grants. `onResponse` sees every answer's
 * headers (the caller watches Ratelimit-Remaining and Atlas's Date).
 */
export async function listOrgPeople(
  http: AtlasHttp,
  orgId: string,
  statuses: readonly OrgMembershipStatus[],
  onResponse?: (status: number, headers: Headers) => void,
): Promise<OrgUser[]> {
  const people = await readAllPages(async (page) => {
    const query = new URLSearchParams([
      ...statuses.map((s): [string, string] => ["orgMembershipStatuses", s]),
      ["itemsPerPage", "500"],
      ["pageNum", String(page)],
    ]);
    return http.send({
      method: "GET",
      template: "listOrgUsers",
      params: { orgId },
      query,
      version: "2025-02-19",
      schema: pageOf(orgUserSchema),
      ...(onResponse ? { onResponse } : {}),
    });
  });
  return people.filter((p) => statuses.includes(p.orgMembershipStatus));
}

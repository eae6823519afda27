import "server-only";
import type { z } from "zod";
import type { OrgUser } from "./atlas-schemas";
import { orgSchema, orgUserSchema, pageOf, projectSchema, teamSchema } from "./atlas-schemas";
import type { AtlasHttp } from "./http";
import type { PathParams, TemplateName } from "./templates";

const PAGE_SIZE = 500; // Atlas' maximum itemsPerPage
const MAX_PAGES = 200;
const PARALLEL_PAGES = 4;

/**
 * Reads every page of a paginated Atlas list: page 1 first, then, when Atlas gave `totalCount`, the rest
 * four at a time (a large org's list is tens of pages, and read one after another they make the list
 * wait). Without a count it walks on until a short page.
 */
export async function readAllPages<T>(
  fetchPage: (pageNum: number) => Promise<{ results: T[]; totalCount?: number | undefined }>,
): Promise<T[]> {
  const first = await fetchPage(1);
  const out: T[] = [...first.results];
  if (first.results.length < PAGE_SIZE) return out;
  if (first.totalCount !== undefined) {
    const pages = Math.min(Math.ceil(first.totalCount / PAGE_SIZE), MAX_PAGES);
    const rest: T[][] = [];
    for (let start = 2; start <= pages; start += PARALLEL_PAGES) {
      const batch = [];
      for (let p = start; p < start + PARALLEL_PAGES && p <= pages; p++) batch.push(fetchPage(p));
      for (const page of await Promise.all(batch)) rest.push(page.results);
    }
    for (const results of rest) out.push(...results);
    // The list moved under us (someone invited meanwhile): a full last page means there may be more.
    if (rest.length === 0 || rest[rest.length - 1]!.length < PAGE_SIZE || pages >= MAX_PAGES) return out;
    for (let p = pages + 1; p <= MAX_PAGES; p++) {
      const page = await fetchPage(p);
      out.push(...page.results);
      if (page.results.length < PAGE_SIZE) break;
    }
    return out;
  }
  for (let p = 2; p <= MAX_PAGES; p++) {
    const page = await fetchPage(p);
    out.push(...page.results);
    if (page.results.length < PAGE_SIZE) break;
  }
  return out;
}

/** Every item of a paginated Atlas list. */
async function listAllPages<T extends z.ZodType>(
  http: AtlasHttp,
  template: TemplateName,
  params: PathParams,
  item: T,
  extra: [string, string][] = [],
): Promise<z.infer<T>[]> {
  return readAllPages(async (page) => {
    const query = new URLSearchParams([
      ...extra,
      ["itemsPerPage", String(PAGE_SIZE)],
      ["pageNum", String(page)],
    ]);
    const data = await http.sendData({
      method: "GET",
      template,
      params,
      query,
      version: "2023-01-01",
      schema: pageOf(item),
    });
    return data as { results: z.infer<T>[]; totalCount?: number };
  });
}

export const listOrgs = (http: AtlasHttp) => listAllPages(http, "listOrgs", {}, orgSchema);
export const listTeams = (http: AtlasHttp, orgId: string) =>
  listAllPages(http, "listOrgTeams", { orgId }, teamSchema);
export const listProjects = (http: AtlasHttp, orgId: string) =>
  listAllPages(http, "listOrgProjects", { orgId }, projectSchema);

/** The org's people in these membership states (the users API), optionally only the one with this username. */
export function listOrgPeople(
  http: AtlasHttp,
  orgId: string,
  statuses: OrgUser["orgMembershipStatus"][],
  username?: string,
): Promise<OrgUser[]> {
  return readAllPages(async (page) => {
    const query = new URLSearchParams([
      ...statuses.map((s): [string, string] => ["orgMembershipStatuses", s]),
      ["itemsPerPage", String(PAGE_SIZE)],
      ["pageNum", String(page)],
    ]);
    if (username) query.set("username", username);
    return http.sendData({
      method: "GET",
      template: "listOrgUsers",
      params: { orgId },
      query,
      version: "2025-02-19",
      schema: pageOf(orgUserSchema),
    });
  });
}

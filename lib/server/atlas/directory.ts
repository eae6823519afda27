import "server-only";
import type { z } from "zod";
import type { OrgUser } from "./atlas-schemas";
import { orgSchema, orgUserSchema, pageOf, projectSchema, teamSchema } from "./atlas-schemas";
import type { AtlasHttp } from "./http";
import type { PathParams, TemplateName } from "./templates";

const PAGE_SIZE = 500; // Atlas' maximum itemsPerPage
const MAX_PAGES = 200;
const PARALLEL_PAGES = 4;

/** Told each page's items in page order as soon as it and the pages before it are in (the list streams). */
export type OnPage<T> = (items: T[], totalCount: number | undefined) => void;

/**
 * Reads every page of a paginated Atlas list: page 1 first, then, when Atlas gave `totalCount`, the rest
 * four at a time (a large org's list is tens of pages, and read one after another they make the list
 * wait). Without a count it walks on until a short page. `onPage` hears each page in order.
 */
export async function readAllPages<T>(
  fetchPage: (pageNum: number) => Promise<{ results: T[]; totalCount?: number | undefined }>,
  onPage?: OnPage<T>,
): Promise<T[]> {
  const first = await fetchPage(1);
  const total = first.totalCount;
  onPage?.(first.results, total);
  const out: T[] = [...first.results];
  const take = (results: T[]) => {
    out.push(...results);
    onPage?.(results, total);
  };
  if (first.results.length < PAGE_SIZE) return out;
  if (total !== undefined) {
    const pages = Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGES);
    let last: T[] | undefined;
    for (let start = 2; start <= pages; start += PARALLEL_PAGES) {
      const batch = [];
      for (let p = start; p < start + PARALLEL_PAGES && p <= pages; p++) batch.push(fetchPage(p));
      // Each page as soon as those before it are in; a later page's failure surfaces when its turn comes.
      for (const page of batch) page.catch(() => {});
      for (const page of batch) {
        last = (await page).results;
        take(last);
      }
    }
    // The list moved under us (someone invited meanwhile): a full last page means there may be more.
    if (last === undefined || last.length < PAGE_SIZE || pages >= MAX_PAGES) return out;
    for (let p = pages + 1; p <= MAX_PAGES; p++) {
      const page = await fetchPage(p);
      take(page.results);
      if (page.results.length < PAGE_SIZE) break;
    }
    return out;
  }
  for (let p = 2; p <= MAX_PAGES; p++) {
    const page = await fetchPage(p);
    take(page.results);
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

/**
 * The org's people in these membership states (the users API), optionally only the one with this username;
 * `onPage` hears each page in order.
 */
export function listOrgPeople(
  http: AtlasHttp,
  orgId: string,
  statuses: OrgUser["orgMembershipStatus"][],
  username?: string,
  onPage?: OnPage<OrgUser>,
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
  }, onPage);
}

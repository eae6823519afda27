import "server-only";
import type { z } from "zod";
import { orgSchema, pageOf, projectSchema, teamSchema } from "./atlas-schemas";
import type { AtlasHttp } from "./http";
import type { PathParams, TemplateName } from "./templates";

/** Reads every page of a paginated Atlas list (500 per page, the maximum). */
export async function listAllPages<T extends z.ZodType>(
  http: AtlasHttp,
  template: TemplateName,
  params: PathParams,
  item: T,
  extra: [string, string][] = [],
): Promise<z.infer<T>[]> {
  const out: z.infer<T>[] = [];
  for (let page = 1; page <= 200; page++) {
    const query = new URLSearchParams([...extra, ["itemsPerPage", "500"], ["pageNum", String(page)]]);
    const data = await http.send({
      method: "GET",
      template,
      params,
      query,
      version: "2023-01-01",
      schema: pageOf(item),
    });
    out.push(...(data.results as z.infer<T>[]));
    if (data.results.length < 500) break;
  }
  return out;
}

export const listOrgs = (http: AtlasHttp) => listAllPages(http, "listOrgs", {}, orgSchema);
export const listTeams = (http: AtlasHttp, orgId: string) =>
  listAllPages(http, "listOrgTeams", { orgId }, teamSchema);
export const listProjects = (http: AtlasHttp, orgId: string) =>
  listAllPages(http, "listOrgProjects", { orgId }, projectSchema);

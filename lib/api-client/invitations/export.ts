import { createSerializer } from "nuqs";
import type { ExportFormat } from "@/lib/schemas/invitations-export";
import { listParsers, type ListParams } from "@/lib/search-params/invitations";

const serialize = createSerializer(listParsers);

/**
 * GET /api/orgs/{orgId}/export for the list as it is shown: the page's own URL params (the server reads them
 * with the same parsers), the tab always named, and the format.
 */
export function exportHref(orgId: string, params: ListParams, format: ExportFormat): string {
  const query = new URLSearchParams(serialize(params));
  query.set("tab", params.tab);
  query.set("format", format);
  return `/api/orgs/${encodeURIComponent(orgId)}/export?${query.toString()}`;
}

import { exportQuerySchema } from "@/lib/schemas/invitations-export";
import { orgParamsSchema } from "@/lib/schemas/params";
import { loadListParams } from "@/lib/search-params/invitations";
import { withConsoleFile } from "@/lib/server/api/with-console-file";
import { exportInvitations } from "@/lib/server/invitations/export-invitations";

/** GET /api/orgs/{orgId}/export?tab=&format=&<the page's filters>: the current tab as CSV or JSON. */
export const GET = withConsoleFile(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params: { orgId }, url }) => {
    const { tab, format } = exportQuerySchema.parse({
      tab: url.searchParams.get("tab") ?? undefined,
      format: url.searchParams.get("format") ?? undefined,
    });
    // The page's own parsers: a malformed filter falls back to its default, as it does on the page.
    const params = { ...loadListParams(url.searchParams), tab };
    return exportInvitations({ orgId, params, format });
  },
);

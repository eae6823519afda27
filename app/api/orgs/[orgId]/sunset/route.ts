import { orgParamsSchema } from "@/lib/schemas/params";
import { withConsole } from "@/lib/server/api/with-console";
import { sunsetReadiness } from "@/lib/server/sunset/readiness";

/** What in this org still depends on the legacy invitations API; `?cached=1` (the banner) accepts 30 s old. */
export const GET = withConsole(
  { action: "invitations.read", params: orgParamsSchema },
  async ({ params, url }) => ({
    body: await sunsetReadiness(params.orgId, { cached: url.searchParams.get("cached") === "1" }),
  }),
);

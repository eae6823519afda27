import { openApiDocument } from "@/lib/openapi/document";
import { withConsole } from "@/lib/server/api/with-console";

/**
 * GET /api/openapi.json — this API as an OpenAPI 3.1 document (lib/openapi/registry.ts), for anyone signed in.
 * The same for every caller (tokenOrgFilter: a token limited to some orgs reads it too): it tells no org's data.
 */
export const GET = withConsole({ action: "orgs.read", tokenOrgFilter: true }, async () => ({
  body: openApiDocument(),
}));

import { openApiDocument } from "@/lib/openapi/document";
import { withConsole } from "@/lib/server/api/with-console";

/** GET /api/openapi.json — this API as an OpenAPI 3.1 document (lib/openapi/registry.ts), for anyone signed in. */
export const GET = withConsole({ action: "orgs.read" }, async () => ({ body: openApiDocument() }));

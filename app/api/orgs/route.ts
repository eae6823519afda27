import { withConsole } from "@/lib/server/api/with-console";
import { listOrgsWithConnections } from "@/lib/server/connections/list-orgs";

/** Every org every Atlas connection sees, each with the connection that serves it (the org switcher). */
export const GET = withConsole({ action: "orgs.read" }, async () => {
  return { body: await listOrgsWithConnections() };
});

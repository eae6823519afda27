import { withConsole } from "@/lib/server/api/with-console";
import { listOrgsWithConnections } from "@/lib/server/connections/list-orgs";

/** Every org every Atlas connection sees, each with the connection that serves it (the org switcher). */
export const GET = withConsole({ action: "orgs.read", tokenOrgFilter: true }, async ({ token }) => {
  const list = await listOrgsWithConnections();
  // A token limited to some orgs sees only those.
  const only = token?.orgIds ? new Set(token.orgIds) : null;
  return { body: only ? { ...list, orgs: list.orgs.filter((o) => only.has(o.id)) } : list };
});

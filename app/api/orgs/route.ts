import { withConsole } from "@/lib/server/api/with-console";
import { listOrgs } from "@/lib/server/atlas/directory";
import { currentAtlas } from "@/lib/server/console/connection";

export const GET = withConsole({ action: "orgs.read" }, async () => {
  const http = currentAtlas();
  const orgs = await listOrgs(http);
  return {
    body: {
      orgs: orgs.filter((o) => !o.isDeleted).map((o) => ({ id: o.id, name: o.name })),
      connection: { name: http.conn.name, invitesApi: http.conn.invitesApi },
    },
  };
});

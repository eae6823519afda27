import "server-only";
import { invitationsApi, listProjectInvitations } from "../atlas/invitations";
import { invitedByConsole } from "../audit/query";
import { atlasForOrg } from "../console/connection";
import { getDb } from "../db";
import { nameConnectionInviters } from "./connection-inviters";

/** Every pending invitation of an org: org invitations (either Atlas API) and legacy project invitations. */
export async function listInvitations(orgId: string) {
  const { http } = await atlasForOrg(orgId);
  const api = invitationsApi(http);
  const [org, project] = await Promise.all([api.list(orgId), listProjectInvitations(http, orgId)]);
  const invitations = [...org, ...project];
  // "invited by <console user>": Atlas only knows the service account, the audit log knows the person.
  const byId = await invitedByConsole(
    await getDb(),
    orgId,
    invitations.map((i) => i.id),
  );
  return nameConnectionInviters({
    api: api.api,
    invitations: invitations.map((i) => {
      const who = byId.get(i.id);
      return who ? { ...i, invitedByConsoleUser: who } : i;
    }),
  });
}

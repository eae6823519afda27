import "server-only";
import type { OrgEntry } from "@/lib/schemas/connections";
import { HttpError, isHttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import { getDb } from "../db";
import { listOrgsWithConnections } from "./list-orgs";
import { candidates, getRoute, lastTestFailed, probeRole, writeRoute } from "./routing";

/**
 * An admin chooses the connection that serves an org. Refused (409, with the reason) when the connection's
 * last test failed or Atlas says it is not Owner of the org; audited as org.route_changed either way.
 */
export async function setOrgRoute({
  actor,
  orgId,
  connectionId,
}: {
  actor: AuditActor;
  orgId: string;
  connectionId: string;
}): Promise<OrgEntry> {
  const db = await getDb();
  const all = await candidates(db);
  const c = all.find((x) => x.conn.id === connectionId);
  if (!c)
    throw new HttpError({
      code: "not_found",
      message: "There is no such connection (it may have been deleted).",
    });
  const previous = await getRoute(db, orgId);
  const orgName =
    all.flatMap((x) => x.orgsSeen).find((o) => o.id === orgId)?.name ?? previous?.orgName ?? orgId;
  const was = previous
    ? (all.find((x) => x.conn.id === previous.connectionId)?.conn.name ?? "a deleted connection")
    : null;
  // The checks run inside the audited act: a connection that fails them is "refused", with the reason.
  await auditedMutation({
    actor,
    action: "org.route_changed",
    target: { connectionId, orgId },
    db,
    act: async () => {
      if (lastTestFailed(c)) {
        throw new HttpError({
          code: "conflict",
          message:
            `The last test of “${c.conn.name}” failed (${c.lastTest?.problem?.message ?? "its token was refused"}) ` +
            "Fix it and test it again before it serves an organization.",
        });
      }
      const probe = await probeRole(db, c, { id: orgId, name: orgName });
      if (probe.role === "member") {
        throw new HttpError({
          code: "conflict",
          message:
            `“${c.conn.name}” lacks Organization Owner on “${orgName}”: it could list but not invite or cancel ` +
            "there. Give its service account Organization Owner in Atlas first.",
        });
      }
      if (probe.role !== "owner") {
        throw new HttpError({
          code: "conflict",
          message: `“${c.conn.name}” could not be checked on “${orgName}”: ${probe.problem ?? "Atlas did not answer."}`,
        });
      }
      return writeRoute(db, actor, { id: orgId, name: orgName }, connectionId);
    },
    onSuccess: () => ({
      detail: `“${orgName}” is served by “${c.conn.name}”${was ? ` (was “${was}”)` : ""}`,
    }),
    onError: (e) =>
      isHttpError(e)
        ? { outcome: "refused", detail: `“${orgName}” not switched to “${c.conn.name}”: ${e.message}` }
        : undefined,
  });
  const fresh = await listOrgsWithConnections();
  const entry = fresh.orgs.find((o) => o.id === orgId);
  if (!entry)
    throw new HttpError({
      code: "not_found",
      message: "No Atlas connection of this console sees this organization.",
    });
  return entry;
}

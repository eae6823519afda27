import "server-only";
import type { Connection } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { forgetAtlasClient } from "../atlas";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { connectionNotFound, connectionReadOnly, envIdentity } from "./refusals";
import type { ConnectionChanges } from "./repository";
import { updateStoredConnection } from "./repository";

function describeChanges(changes: ConnectionChanges): string {
  const names = Object.keys(changes).map((k) => (k === "clientSecret" ? "secret replaced" : k));
  return `changed: ${names.join(", ")}`;
}

export async function updateConnection({
  actor,
  id,
  changes,
}: {
  actor: AuditActor;
  id: string;
  changes: ConnectionChanges;
}): Promise<Connection> {
  const target = { connectionId: id, detail: describeChanges(changes) };
  if (id === ENV_CONNECTION_ID) {
    throw await auditedRefusal(actor, "connection.updated", target, connectionReadOnly());
  }
  const db = await getDb();
  const { result: updated } = await auditedMutation({
    actor,
    action: "connection.updated",
    target,
    act: async () => {
      const row = await updateStoredConnection(db, id, changes, undefined, envIdentity());
      if (!row) throw connectionNotFound();
      return row;
    },
  });
  if (changes.clientSecret !== undefined || changes.baseUrl !== undefined || changes.clientId !== undefined) {
    await forgetAtlasClient(id);
  }
  return updated;
}

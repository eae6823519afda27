import "server-only";
import type { Connection } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { forgetAtlasClient } from "../atlas";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { connectionNotFound, connectionReadOnly } from "./refusals";
import { deleteStoredConnection } from "./repository";

export async function deleteConnection({
  actor,
  id,
}: {
  actor: AuditActor;
  id: string;
}): Promise<Connection> {
  const target = { connectionId: id };
  if (id === ENV_CONNECTION_ID) {
    throw await auditedRefusal(actor, "connection.deleted", target, connectionReadOnly());
  }
  const db = await getDb();
  const { result: deleted } = await auditedMutation({
    actor,
    action: "connection.deleted",
    target,
    act: async () => {
      const row = await deleteStoredConnection(db, id);
      if (!row) throw connectionNotFound();
      return row;
    },
  });
  await forgetAtlasClient(id);
  return deleted;
}

import "server-only";
import type { Connection } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { forgetAtlasClient } from "../atlas";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { connectionNotFound, connectionReadOnly } from "./refusals";
import { rotateStoredSecret } from "./repository";

export async function rotateConnectionSecret({
  actor,
  id,
  clientSecret,
}: {
  actor: AuditActor;
  id: string;
  clientSecret: string;
}): Promise<Connection> {
  const target = { connectionId: id };
  if (id === ENV_CONNECTION_ID) {
    throw await auditedRefusal(actor, "connection.secret_rotated", target, connectionReadOnly());
  }
  const db = await getDb();
  const { result: rotated } = await auditedMutation({
    actor,
    action: "connection.secret_rotated",
    target,
    act: async () => {
      const row = await rotateStoredSecret(db, id, clientSecret);
      if (!row) throw connectionNotFound();
      return row;
    },
  });
  // The token minted with the old secret is dropped (and revoked, best effort): the next call uses the new one.
  await forgetAtlasClient(id);
  return rotated;
}

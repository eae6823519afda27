import "server-only";
import type { Connection, ConnectionTest } from "@/lib/schemas/connections";
import { ENV_CONNECTION_ID } from "@/lib/schemas/connections";
import { atlasClient, envConnection } from "../atlas";
import type { AuditActor } from "../audit";
import { auditedMutation, auditedRefusal } from "../audit/mutation";
import { getDb } from "../db";
import { diagnoseConnection } from "./diagnose";
import { envConnectionView, recordEnvTest } from "./env-connection";
import { connectionNotFound } from "./refusals";
import { loadAtlasConnection, recordTest } from "./repository";

/** "Test connection": read-only calls to Atlas through the connection's own (cached) token. */
export async function testConnection({
  actor,
  id,
}: {
  actor: AuditActor;
  id: string;
}): Promise<{ connection: Connection; test: ConnectionTest }> {
  const db = await getDb();
  const conn = id === ENV_CONNECTION_ID ? envConnection() : await loadAtlasConnection(db, id);
  if (!conn) {
    throw await auditedRefusal(
      actor,
      "connection.tested",
      { connectionId: id },
      connectionNotFound(),
      undefined,
      db,
    );
  }
  // The test itself only reads Atlas; what changes is the stored result. A test that finds a problem is
  // answered normally (the page shows it), and its row is a failure with what Atlas said.
  const test = await diagnoseConnection(atlasClient(conn));
  const { result } = await auditedMutation({
    actor,
    action: "connection.tested",
    target: { connectionId: id, orgId: test.problem?.orgId ?? null },
    db,
    act: async () => {
      let connection: Connection | null;
      if (id === ENV_CONNECTION_ID) {
        recordEnvTest(test);
        connection = envConnectionView();
      } else {
        connection = await recordTest(db, id, test);
      }
      // Deleted while it was being tested.
      if (!connection) throw connectionNotFound();
      return { connection, test };
    },
    onSuccess: () => ({
      outcome: test.ok ? "success" : "failure",
      atlasStatus: test.problem?.status ?? null,
      atlasErrorCode: test.problem?.atlasErrorCode ?? null,
      detail: test.problem
        ? `${test.problem.code}: ${test.problem.message}`
        : `ok: ${test.orgs.length} org(s)`,
    }),
  });
  return result;
}

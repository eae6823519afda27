import "server-only";
import type { BulkRun } from "@/lib/schemas/bulk";
import type { BulkPlanBucket, BulkRowState } from "@/lib/schemas/onboarding";
import { HttpError } from "../api/errors";
import { getDb } from "../db";
import { getRun, listRuns, rowOut, rowsPage } from "./runs";
import { viewRun } from "./view";

export async function listBulkRuns({ orgId }: { orgId: string }): Promise<BulkRun[]> {
  const db = await getDb();
  return Promise.all((await listRuns(db, orgId)).map((r) => viewRun(db, r)));
}

export async function readBulkRun({ orgId, runId }: { orgId: string; runId: string }): Promise<BulkRun> {
  const db = await getDb();
  const run = await getRun(db, orgId, runId);
  if (!run) throw new HttpError({ code: "not_found", message: "No such bulk run in this organization." });
  return viewRun(db, run);
}

export async function listBulkRows({
  orgId,
  runId,
  query,
}: {
  orgId: string;
  runId: string;
  query: {
    bucket?: BulkPlanBucket | undefined;
    state?: BulkRowState | undefined;
    offset: number;
    limit: number;
  };
}) {
  const db = await getDb();
  const run = await getRun(db, orgId, runId);
  if (!run) throw new HttpError({ code: "not_found", message: "No such bulk run in this organization." });
  const page = await rowsPage(db, runId, query);
  return { rows: page.rows.map(rowOut), total: page.total };
}

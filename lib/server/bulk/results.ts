import "server-only";
import { csvHeader, csvRows } from "@/lib/csv";
import { BULK_PLAN_BUCKET_LABELS } from "@/lib/schemas/onboarding";
import { HttpError } from "../api/errors";
import { getDb } from "../db";
import { allRows, getRun, rowOut } from "./runs";

// A run's file: the original columns, then what the plan said and what became of each row. Before the run it is
// the plan (the dry run's download); after, the results. Kept as long as the run's rows (docs/bulk.md: 90 days
// at least; nothing deletes them sooner).

const EXTRA = [
  "line",
  "plan",
  "plan_reason",
  "state",
  "outcome",
  "message",
  "atlas_error_code",
  "invitation_id",
  "expires_at",
  "started_at",
  "finished_at",
];

export async function bulkResults({
  orgId,
  runId,
  format,
}: {
  orgId: string;
  runId: string;
  format: "csv" | "json";
}): Promise<{ name: string; body: string }> {
  const db = await getDb();
  const run = await getRun(db, orgId, runId);
  if (!run) throw new HttpError({ code: "not_found", message: "No such bulk run in this organization." });
  const rows = (await allRows(db, runId)).map(rowOut);
  const kind = run.status === "planned" ? "plan" : "results";
  const name = `bulk-${kind}-${run.id.slice(0, 8)}-${run.createdAt.toISOString().slice(0, 10)}.${format}`;
  if (format === "json")
    return {
      name,
      body: JSON.stringify({ run: { id: run.id, label: run.label, status: run.status }, rows }, null, 2),
    };
  // An original header that clashes with ours keeps its place; ours are prefixed then.
  const extra = EXTRA.map((h) => (run.headers.includes(h) ? `result_${h}` : h));
  const body =
    csvHeader([...run.headers, ...extra]) +
    csvRows(
      rows.map((r) => [
        ...run.headers.map((h) => r.original[h] ?? ""),
        r.line,
        BULK_PLAN_BUCKET_LABELS[r.bucket],
        r.reason ?? "",
        r.state,
        r.outcome ?? "",
        r.message ?? "",
        r.atlasErrorCode ?? "",
        r.invitationId ?? "",
        r.expiresAt ?? "",
        r.startedAt ?? "",
        r.finishedAt ?? "",
      ]),
    );
  return { name, body };
}

import "server-only";
import { and, eq, inArray, notInArray } from "drizzle-orm";
import type { Role } from "@/lib/permissions";
import type { BulkRun } from "@/lib/schemas/bulk";
import type { BULK_COMMANDS } from "@/lib/schemas/bulk";
import { HttpError } from "../api/errors";
import type { AuditActor } from "../audit";
import { auditedMutation } from "../audit/mutation";
import type { Db } from "../db";
import { getDb } from "../db";
import type { BulkRunRow } from "../db/schema";
import { bulkRows } from "../db/schema";
import { wakeRun } from "./wake";
import { FINAL_OUTCOMES, cancelUnsentRows, getRun, insertRun, moveRun } from "./runs";
import { viewRun } from "./view";

// Start, pause, resume, cancel and retry of a bulk run (POST /api/orgs/{orgId}/bulk/{runId}/{command}). Each is
// one status move in the database, audited; the worker (lib/server/bulk/work-run.ts) reads the status between
// rows, so a pause leaves at most the row in flight to finish and a cancel never leaves a row half-done.

export type BulkCommand = (typeof BULK_COMMANDS)[number];

export interface BulkCommandRequest {
  orgId: string;
  runId: string;
  command: BulkCommand;
  actor: AuditActor;
  user: { id: string; email: string; role: Role };
}

const notFound = () =>
  new HttpError({ code: "not_found", message: "No such bulk run in this organization." });

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c && typeof c === "object"; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

const wrongState = (run: BulkRunRow, command: BulkCommand) =>
  new HttpError({ code: "conflict", message: `This run is ${run.status}: it cannot ${command} now.` });

async function audited(
  db: Db,
  actor: AuditActor,
  run: BulkRunRow,
  action: "bulk.started" | "bulk.paused" | "bulk.resumed" | "bulk.cancelled",
  act: () => Promise<boolean>,
): Promise<boolean> {
  const { result } = await auditedMutation({
    actor,
    action,
    target: { orgId: run.orgId, targetId: run.id, detail: `${run.kind} "${run.label}", ${run.total} rows` },
    db,
    act,
    onSuccess: (moved) => (moved ? {} : { outcome: "noop", detail: "the run had moved on meanwhile" }),
  });
  return result;
}

/** Starts a planned run: the person who starts it is the one every row is sent as (their role, their audit). */
export async function startRun(db: Db, run: BulkRunRow, actor: AuditActor, user: BulkCommandRequest["user"]) {
  if (run.status !== "planned") throw wrongState(run, "start");
  try {
    const moved = await audited(db, actor, run, "bulk.started", () =>
      moveRun(db, run.id, ["planned"], "running", {
        startedAt: new Date(),
        createdByUserId: user.id,
        createdByEmail: user.email,
        createdByRole: user.role,
        createdByTokenId: actor.tokenId ?? null,
        createdByTokenName: actor.tokenId ? (actor.tokenName ?? null) : null,
      }),
    );
    if (!moved) throw wrongState(run, "start");
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new HttpError({
        code: "conflict",
        message:
          "Another bulk run is in progress in this organization: let it finish, or pause or cancel it first.",
      });
    }
    throw e;
  }
  await wakeRun(run.id);
}

export async function commandRun(req: BulkCommandRequest): Promise<BulkRun> {
  const db = await getDb();
  const run = await getRun(db, req.orgId, req.runId);
  if (!run) throw notFound();
  switch (req.command) {
    case "start":
      await startRun(db, run, req.actor, req.user);
      break;
    case "pause": {
      if (run.status !== "running") throw wrongState(run, "pause");
      await audited(db, req.actor, run, "bulk.paused", () => moveRun(db, run.id, ["running"], "pausing"));
      // The worker moves it to paused after the row in flight; with no live worker, the sweep's next job does.
      await wakeRun(run.id);
      break;
    }
    case "resume": {
      if (run.status !== "paused" && run.status !== "pausing") throw wrongState(run, "resume");
      await audited(db, req.actor, run, "bulk.resumed", () =>
        moveRun(db, run.id, ["paused", "pausing"], "running"),
      );
      await wakeRun(run.id);
      break;
    }
    case "cancel": {
      if (run.status === "planned") {
        // Nothing was sent: every row to send is cancelled, the plan stays readable.
        await audited(db, req.actor, run, "bulk.cancelled", async () => {
          await cancelUnsentRows(db, run.id);
          return moveRun(db, run.id, ["planned"], "cancelled", { finishedAt: new Date() });
        });
        break;
      }
      if (!["running", "pausing", "paused"].includes(run.status)) throw wrongState(run, "cancel");
      // The worker finishes the row in flight and cancels the rest (its end is audited as bulk.finished).
      const moved = await audited(db, req.actor, run, "bulk.cancelled", () =>
        moveRun(db, run.id, ["running", "pausing", "paused"], "cancelling"),
      );
      if (!moved) throw wrongState(run, "cancel");
      await wakeRun(run.id);
      break;
    }
    case "retry":
      return retryRun(db, run, req);
  }
  return viewRun(db, (await getRun(db, req.orgId, req.runId))!);
}

/** A linked run of the failed rows that a retry may change (not "already a member", not invalid), started. */
async function retryRun(db: Db, run: BulkRunRow, req: BulkCommandRequest): Promise<BulkRun> {
  if (run.status !== "done" && run.status !== "cancelled") throw wrongState(run, "retry");
  const failed = await db
    .select()
    .from(bulkRows)
    .where(
      and(
        eq(bulkRows.runId, run.id),
        inArray(bulkRows.state, ["failed"]),
        notInArray(bulkRows.outcome, [...FINAL_OUTCOMES]),
      ),
    );
  if (failed.length === 0) {
    throw new HttpError({ code: "conflict", message: "No failed row of this run can succeed on a retry." });
  }
  const created = await insertRun(
    db,
    {
      orgId: run.orgId,
      kind: run.kind,
      label: `${run.label} (retry)`,
      headers: run.headers,
      options: run.options,
      parentRunId: run.id,
      createdBy: { userId: req.user.id, email: req.user.email, role: req.user.role },
    },
    failed.map((r) => ({
      line: r.line,
      original: r.original,
      email: r.email,
      grants: r.grants ?? null,
      target: r.target ?? null,
      bucket: "ready" as const,
    })),
  );
  await startRun(db, created, req.actor, req.user);
  return viewRun(db, (await getRun(db, run.orgId, created.id))!);
}

import { formatCount as count, plural } from "@/lib/format";
import { BULK_FIELD_LABELS, BULK_FIELDS, type BulkField } from "@/lib/bulk/csv-format";
import type { BulkRow, BulkRun } from "@/lib/schemas/bulk";
import { MAX_BULK_CSV_CHARS } from "@/lib/schemas/bulk";
import {
  BULK_PLAN_BUCKET_LABELS,
  MAX_BULK_ROWS,
  type BulkRowState,
  type BulkRunStatus,
} from "@/lib/schemas/onboarding";

// What the bulk pages say about a run, its progress and its rows: pure, so that test/bulk-ui can check it.

export { formatCount as count, plural } from "@/lib/format";

/** "45 seconds", "about 3 minutes", "about 2 hours 5 minutes"; "" for an unknown duration. */
export function humanDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 1) return "less than a second";
  if (seconds < 60) return plural(Math.ceil(seconds), "second");
  if (seconds < 3600) return `about ${plural(Math.round(seconds / 60), "minute")}`;
  let hours = Math.floor(seconds / 3600);
  let minutes = Math.round((seconds - hours * 3600) / 60);
  if (minutes === 60) [hours, minutes] = [hours + 1, 0];
  return `about ${plural(hours, "hour")}${minutes ? ` ${plural(minutes, "minute")}` : ""}`;
}

/** Whole percent of the rows to send that are finished, 0–100; 100 when there is nothing to send. */
export function progressPercent(progress: Pick<BulkRun["progress"], "done" | "toSend">): number {
  if (progress.toSend <= 0) return 100;
  return Math.min(100, Math.max(0, Math.floor((progress.done / progress.toSend) * 100)));
}

/** "about 3 minutes left"; null before the server can tell (fewer than two rows sent). */
export function etaText(etaSeconds: number | null): string | null {
  if (etaSeconds === null) return null;
  if (etaSeconds <= 0) return "finishing";
  return `${humanDuration(etaSeconds)} left`;
}

/** "42 per minute"; null before the server can tell. */
export function rateText(perMinute: number | null): string | null {
  if (perMinute === null || !Number.isFinite(perMinute)) return null;
  const n = perMinute >= 10 ? Math.round(perMinute) : Math.round(perMinute * 10) / 10;
  return `${count(n)} per minute`;
}

/**
 * Why a CSV is refused before it is sent: too large for one import (the size named), or null. `chars` is the
 * text's length; `name` the file's.
 */
export function csvSizeProblem({ chars, name }: { chars: number; name?: string }): string | null {
  if (chars <= MAX_BULK_CSV_CHARS) return null;
  const what = name ? `${name} holds` : "The text holds";
  return `${what} ${count(chars)} characters; one import takes at most ${count(MAX_BULK_CSV_CHARS)} (about ${sizeText(MAX_BULK_CSV_CHARS)}). Split it into smaller files.`;
}

/** A file's size before reading it: a file of more bytes than this cannot fit (a character is at least a byte). */
export const fileTooLargeToRead = (bytes: number) => bytes > MAX_BULK_CSV_CHARS * 4;

/** "880 KB", "1.2 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export const tooManyRowsText = (lines: number) =>
  `The file has ${count(lines)} data lines: more than ${count(MAX_BULK_ROWS)} rows. Split it into smaller files.`;

export const STATUS_LABELS: Record<BulkRunStatus, string> = {
  planned: "Planned (dry run)",
  running: "Running",
  pausing: "Pausing",
  paused: "Paused",
  cancelling: "Cancelling",
  cancelled: "Cancelled",
  done: "Finished",
};

export const STATUS_TONES: Record<BulkRunStatus, "neutral" | "warn" | "danger" | "ok" | "info"> = {
  planned: "neutral",
  running: "info",
  pausing: "warn",
  paused: "warn",
  cancelling: "warn",
  cancelled: "danger",
  done: "ok",
};

export const STATE_LABELS: Record<BulkRowState, string> = {
  skipped: "Skipped",
  planned: "To send",
  sending: "Sending",
  done: "Sent",
  failed: "Failed",
  cancelled: "Cancelled",
  held: "Awaiting approval",
};

/** What the run's page and the list say of its progress in one line. */
export function runSummary(
  run: Pick<BulkRun, "status" | "total" | "buckets" | "states" | "progress">,
): string {
  if (run.status === "planned") {
    const parts = [`${count(run.buckets.ready)} ready`];
    if (run.buckets.needs_approval) parts.push(`${count(run.buckets.needs_approval)} need approval`);
    const skipped = run.total - run.buckets.ready - run.buckets.needs_approval;
    if (skipped) parts.push(`${count(skipped)} skipped`);
    return `${plural(run.total, "row")}: ${parts.join(", ")}`;
  }
  const parts = [`${count(run.states.done)} sent`];
  if (run.states.failed) parts.push(`${count(run.states.failed)} failed`);
  if (run.states.held) parts.push(`${count(run.states.held)} awaiting approval`);
  if (run.states.cancelled) parts.push(`${count(run.states.cancelled)} cancelled`);
  return `${count(run.progress.done)} of ${count(run.progress.toSend)} finished: ${parts.join(", ")}`;
}

/** "12 × Already a member". */
export const failureLine = (f: { reason: string; count: number }) => `${count(f.count)} × ${f.reason}`;

/** A row's outcome code (lib/server/bulk/row-actions.ts) in words; an error code not listed is spelled out. */
const OUTCOME_TEXTS: Record<string, string> = {
  invited: "Invited",
  reinvited: "Invited again",
  renewed: "Renewed",
  updated: "Updated",
  cancelled: "Cancelled",
  accepted: "Already accepted",
  gone: "No longer in Atlas",
  awaiting_approval: "Approval requested",
  already_member: "Already a member",
  already_invited: "Already invited",
  blocked: "Blocked by policy",
  invalid_input: "Invalid input",
  forbidden: "Not allowed",
  atlas_unavailable: "Atlas unavailable",
  atlas_unreachable: "Atlas did not answer",
  atlas_error: "Atlas refused",
};

export function outcomeText(outcome: string): string {
  const known = OUTCOME_TEXTS[outcome];
  if (known) return known;
  const words = outcome.replace(/_/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Done";
}

/** What happens to a row (before start) or happened to it (after). */
export function rowWhatText(
  row: Pick<BulkRow, "bucket" | "state" | "outcome">,
  status: BulkRunStatus,
): string {
  if (status === "planned" || row.state === "skipped") {
    if (row.bucket === "ready") return "Will be invited";
    if (row.bucket === "needs_approval") return "An approval will be requested";
    return `Skipped: ${BULK_PLAN_BUCKET_LABELS[row.bucket].toLowerCase()}`;
  }
  switch (row.state) {
    case "planned":
      return status === "cancelled" || status === "done" ? "Not sent" : "Waiting to be sent";
    case "sending":
      return "Sending…";
    case "done":
      return row.outcome ? outcomeText(row.outcome) : "Done";
    case "failed":
      return row.outcome && row.outcome !== "failed"
        ? `Failed: ${outcomeText(row.outcome).toLowerCase()}`
        : "Failed";
    case "cancelled":
      return "Cancelled (not sent)";
    case "held":
      return "Approval requested";
  }
}

/** "Rows 101–200 of 523"; "No rows" when the filter leaves none. */
export function pageRangeText(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return "No rows";
  return `Rows ${count(offset + 1)}–${count(offset + shown)} of ${count(total)}`;
}

/** A file too large to read at all (its size named), or null; a readable one is judged by csvSizeProblem. */
export function fileSizeProblem({ bytes, name }: { bytes: number; name: string }): string | null {
  if (!fileTooLargeToRead(bytes)) return null;
  return `${name} is ${sizeText(bytes)}; one import takes at most ${count(MAX_BULK_CSV_CHARS)} characters (about ${sizeText(MAX_BULK_CSV_CHARS)}). Split it into smaller files.`;
}

/** What the Start dialog says: how many are sent, the approvals requested, how long it takes. */
export function startConfirmText(
  run: Pick<BulkRun, "buckets" | "approvalsNeeded" | "expectedSeconds" | "total">,
) {
  const ready = run.buckets.ready;
  const lines = [`${plural(ready, "invitation")} will be sent by Atlas, one e-mail each.`];
  if (run.approvalsNeeded > 0)
    lines.push(
      `${plural(run.approvalsNeeded, "approval request")} will be made; those rows are sent once a second admin approves.`,
    );
  const skipped = run.total - ready - run.buckets.needs_approval;
  if (skipped > 0) lines.push(`${plural(skipped, "row")} will be skipped (see the plan).`);
  const duration = humanDuration(run.expectedSeconds);
  lines.push(
    duration
      ? `At this organization's Atlas rate limit that takes ${duration}. You can pause or cancel at any time.`
      : "You can pause or cancel at any time.",
  );
  return {
    title: `Send ${plural(ready, "invitation")}?`,
    description: "The run goes on in the background, also if you close this page.",
    lines,
    confirmLabel: ready > 0 ? `Send ${plural(ready, "invitation")}` : "Start",
  };
}

/** What the live region says: the status and progress in steps of 10 %, so a poll each second stays quiet. */
export function progressAnnouncement(status: BulkRunStatus, percent: number): string {
  const step = Math.floor(percent / 10) * 10;
  return `${STATUS_LABELS[status]}: ${step}% done`;
}

/** A row's reason: the plan's ("E-mail: is not a valid e-mail address") or, once sent, Atlas's message. */
export function rowReasonText(row: Pick<BulkRow, "field" | "reason" | "message">): string {
  const reason = row.reason ?? row.message;
  if (!reason) return "—";
  if (!row.field) return reason;
  const label = (BULK_FIELDS as readonly string[]).includes(row.field)
    ? BULK_FIELD_LABELS[row.field as BulkField]
    : row.field;
  return `${label}: ${reason}`;
}

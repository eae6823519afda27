// The bulk pages' wording and figures (components/bulk/bulk-text.ts): durations, progress, rate and ETA, the
// size refusal, and what each row will do or did.
import { describe, expect, it } from "vitest";
import {
  csvSizeProblem,
  etaText,
  failureLine,
  fileSizeProblem,
  humanDuration,
  pageRangeText,
  progressAnnouncement,
  progressPercent,
  rateText,
  rowReasonText,
  rowWhatText,
  runSummary,
  sizeText,
  startConfirmText,
} from "@/components/bulk/bulk-text";
import { MAX_BULK_CSV_CHARS } from "@/lib/schemas/bulk";
import { makeRun } from "./fixtures";

describe("humanDuration", () => {
  it("says seconds under a minute, rounded minutes under an hour, hours and minutes above", () => {
    expect(humanDuration(0.4)).toBe("less than a second");
    expect(humanDuration(1)).toBe("1 second");
    expect(humanDuration(44.2)).toBe("45 seconds");
    expect(humanDuration(60)).toBe("about 1 minute");
    expect(humanDuration(150)).toBe("about 3 minutes");
    expect(humanDuration(3599)).toBe("about 60 minutes");
    expect(humanDuration(3600)).toBe("about 1 hour");
    expect(humanDuration(2 * 3600 + 5 * 60 + 10)).toBe("about 2 hours 5 minutes");
    // 59.5 minutes past the hour round up into the next hour.
    expect(humanDuration(3600 + 59.6 * 60)).toBe("about 2 hours");
  });

  it("says nothing for an unknown or impossible duration", () => {
    expect(humanDuration(null)).toBe("");
    expect(humanDuration(undefined)).toBe("");
    expect(humanDuration(-5)).toBe("");
    expect(humanDuration(Number.NaN)).toBe("");
  });
});

describe("progress", () => {
  it("is the whole percent of the rows to send that are finished, never above 100", () => {
    expect(progressPercent({ done: 0, toSend: 200 })).toBe(0);
    expect(progressPercent({ done: 1, toSend: 3 })).toBe(33);
    expect(progressPercent({ done: 199, toSend: 200 })).toBe(99);
    expect(progressPercent({ done: 200, toSend: 200 })).toBe(100);
    expect(progressPercent({ done: 5, toSend: 4 })).toBe(100);
    expect(progressPercent({ done: 0, toSend: 0 })).toBe(100);
  });

  it("tells the ETA and rate once the server knows them", () => {
    expect(etaText(null)).toBeNull();
    expect(etaText(0)).toBe("finishing");
    expect(etaText(190)).toBe("about 3 minutes left");
    expect(rateText(null)).toBeNull();
    expect(rateText(3.14)).toBe("3.1 per minute");
    expect(rateText(1234.4)).toBe("1,234 per minute");
  });

  it("announces in steps of 10 %, so a poll each second does not chatter", () => {
    expect(progressAnnouncement("running", 37)).toBe("Running: 30% done");
    expect(progressAnnouncement("running", 39)).toBe(progressAnnouncement("running", 30));
    expect(progressAnnouncement("done", 100)).toBe("Finished: 100% done");
  });
});

describe("the size check", () => {
  it("lets the largest import through and refuses one character more, naming both sizes", () => {
    expect(csvSizeProblem({ chars: MAX_BULK_CSV_CHARS })).toBeNull();
    const refused = csvSizeProblem({ chars: MAX_BULK_CSV_CHARS + 1, name: "staff.csv" });
    expect(refused).toBe(
      "staff.csv holds 900,001 characters; one import takes at most 900,000 (about 879 KB). Split it into smaller files.",
    );
    expect(csvSizeProblem({ chars: 1_000_000 })).toMatch(/^The text holds 1,000,000 characters/);
  });

  it("refuses to read a file that cannot fit whatever its encoding, naming its size", () => {
    expect(fileSizeProblem({ bytes: MAX_BULK_CSV_CHARS * 4, name: "a.csv" })).toBeNull();
    expect(fileSizeProblem({ bytes: 50 * 1024 * 1024, name: "dump.csv" })).toMatch(
      /^dump\.csv is 50\.0 MB; /,
    );
    expect(sizeText(512)).toBe("512 B");
    expect(sizeText(2048)).toBe("2 KB");
  });
});

describe("run and row texts", () => {
  it("summarises a plan by what it sends and a started run by its outcomes", () => {
    const planned = makeRun({
      total: 10,
      buckets: { ready: 6, invalid: 2, needs_approval: 1, already_member: 1 },
    });
    expect(runSummary(planned)).toBe("10 rows: 6 ready, 1 need approval, 3 skipped");
    const running = makeRun({
      status: "running",
      states: { done: 3, failed: 1, planned: 2 },
      progress: { done: 4, toSend: 6 },
    });
    expect(runSummary(running)).toBe("4 of 6 finished: 3 sent, 1 failed");
  });

  it("confirms a start with the ready count, approvals and the expected duration", () => {
    const text = startConfirmText(
      makeRun({
        total: 130,
        buckets: { ready: 120, needs_approval: 2, invalid: 8 },
        approvalsNeeded: 2,
        expectedSeconds: 240,
      }),
    );
    expect(text.title).toBe("Send 120 invitations?");
    expect(text.confirmLabel).toBe("Send 120 invitations");
    expect(text.lines).toEqual([
      "120 invitations will be sent by Atlas, one e-mail each.",
      "2 approval requests will be made; those rows are sent once a second admin approves.",
      "8 rows will be skipped (see the plan).",
      "At this organization's Atlas rate limit that takes about 4 minutes. You can pause or cancel at any time.",
    ]);
  });

  it("says what a row will do before start and what it did after", () => {
    const row = { bucket: "ready", state: "planned", outcome: null } as const;
    expect(rowWhatText(row, "planned")).toBe("Will be invited");
    expect(rowWhatText({ ...row, bucket: "already_member", state: "skipped" }, "running")).toBe(
      "Skipped: already a member",
    );
    expect(rowWhatText({ ...row, bucket: "needs_approval" }, "planned")).toBe(
      "An approval will be requested",
    );
    expect(rowWhatText(row, "running")).toBe("Waiting to be sent");
    expect(rowWhatText(row, "cancelled")).toBe("Not sent");
    expect(rowWhatText({ ...row, state: "done", outcome: "invited" }, "done")).toBe("Invited");
    expect(rowWhatText({ ...row, state: "done", outcome: "reinvited" }, "done")).toBe("Invited again");
    expect(rowWhatText({ ...row, state: "failed", outcome: "already_member" }, "done")).toBe(
      "Failed: already a member",
    );
    expect(rowWhatText({ ...row, state: "failed", outcome: "some_new_code" }, "done")).toBe(
      "Failed: some new code",
    );
    expect(rowWhatText({ ...row, state: "failed", outcome: "failed" }, "done")).toBe("Failed");
    expect(rowWhatText({ ...row, state: "held" }, "done")).toBe("Approval requested");
  });

  it("names the field of a plan's reason, and shows Atlas's message once sent", () => {
    expect(rowReasonText({ field: "email", reason: "is missing", message: null })).toBe("E-mail: is missing");
    expect(rowReasonText({ field: "orgRoles", reason: "unknown organization role 'x'", message: null })).toBe(
      "Organization roles: unknown organization role 'x'",
    );
    expect(rowReasonText({ field: null, reason: null, message: "Atlas refused the address." })).toBe(
      "Atlas refused the address.",
    );
    expect(rowReasonText({ field: null, reason: null, message: null })).toBe("—");
  });

  it("writes failures as count × reason and pages as ranges", () => {
    expect(failureLine({ reason: "Already a member", count: 12 })).toBe("12 × Already a member");
    expect(failureLine({ reason: "Rate limited", count: 1200 })).toBe("1,200 × Rate limited");
    expect(pageRangeText(0, 100, 523)).toBe("Rows 1–100 of 523");
    expect(pageRangeText(500, 23, 523)).toBe("Rows 501–523 of 523");
    expect(pageRangeText(0, 0, 0)).toBe("No rows");
  });
});

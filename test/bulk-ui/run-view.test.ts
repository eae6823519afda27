// The run page's island (components/bulk/run-view.tsx) rendered from a run the server answered and the URL's
// row filter (components/bulk/run-params.ts): what a planned, a running and a finished run show.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { RunView } from "@/components/bulk/run-view";
import { bulkKeys } from "@/lib/api-client/bulk/keys";
import type { BulkRow, BulkRun } from "@/lib/schemas/bulk";
import type { Role } from "@/lib/permissions";
import { makeRun, ORG, ROUTER, RUN } from "./fixtures";

const row = (over: Partial<BulkRow>): BulkRow => ({
  line: 1,
  email: "ada@example.com",
  original: { email: "ada@example.com" },
  grants: null,
  bucket: "ready",
  field: null,
  reason: null,
  state: "planned",
  outcome: null,
  message: null,
  atlasErrorCode: null,
  invitationId: null,
  expiresAt: null,
  startedAt: null,
  finishedAt: null,
  ...over,
});

function render(run: BulkRun, rows: BulkRow[], { search = "", role = "admin" as Role, filter = {} } = {}) {
  const client = new QueryClient();
  client.setQueryData(bulkKeys.run(ORG, RUN), { run });
  client.setQueryData(bulkKeys.rows(ORG, RUN, { ...filter, offset: 0, limit: 100 }), {
    rows,
    total: rows.length,
  });
  const view = createElement(RunView, { orgId: ORG, runId: RUN });
  const user = { email: `${role}@example.com`, name: role, role };
  const session = createElement(SessionProvider, { user, children: view });
  const url = createElement(NuqsTestingAdapter, { searchParams: search, children: session });
  const router = createElement(AppRouterContext.Provider, { value: ROUTER, children: url });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: router }));
}

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'");

describe("the run page", () => {
  it("before start: the plan's buckets, its rows, Download plan and Start, nothing sent", () => {
    const run = makeRun({ total: 3, buckets: { ready: 2, already_member: 1 }, expectedSeconds: 90 });
    const html = render(run, [
      row({ line: 1 }),
      row({
        line: 2,
        email: "bo@example.com",
        bucket: "already_member",
        state: "skipped",
        reason: "is a member",
      }),
    ]);
    const t = text(html);
    expect(html).toContain(">staff.csv</h1>");
    expect(t).toContain("Planned (dry run)");
    expect(t).toContain(
      "This is a dry run: nothing has been sent. Starting sends 2 invitations (about 2 minutes).",
    );
    expect(t).toContain("Ready 2");
    expect(t).toContain("Already a member 1");
    expect(t).toContain("Duplicate in the file 0");
    expect(html).toMatch(
      /<a href="\/api\/orgs\/5f1000000000000000000001\/bulk\/6a0000000000000000000001\/results" download=""/,
    );
    expect(t).toContain("Download plan (CSV)");
    expect(html).toMatch(/<button[^>]*>Start<\/button>/);
    expect(t).toContain("Will be invited");
    expect(t).toContain("Skipped: already a member");
    expect(html).not.toContain('role="progressbar"');
  });

  it("a viewer sees the plan but Start is disabled with the reason on the page", () => {
    const run = makeRun({ total: 1, buckets: { ready: 1 } });
    const html = render(run, [row({})], { role: "viewer" });
    expect(html).toMatch(
      /<button[^>]*disabled=""[^>]*aria-describedby="bulk-run-refused"[^>]*>Start<\/button>/,
    );
    expect(html).toContain('id="bulk-run-refused"');
  });

  it("while running: the progress bar with its value, rate, ETA, Atlas's wait, Pause and Cancel", () => {
    const run = makeRun({
      status: "running",
      total: 200,
      buckets: { ready: 200 },
      states: { done: 48, failed: 2, planned: 150 },
      progress: {
        done: 50,
        toSend: 200,
        perMinute: 30,
        etaSeconds: 300,
        waitingUntil: "2026-12-06T18:10:00.000Z",
      },
    });
    const html = render(run, [row({ state: "done", invitationId: "6b0000000000000000000001" })]);
    const t = text(html);
    expect(html).toMatch(
      /role="progressbar"[^>]*aria-valuemin="0"[^>]*aria-valuemax="100"[^>]*aria-valuenow="25"/,
    );
    expect(t).toContain("50 of 200 rows finished (25%)");
    expect(t).toContain("48 sent · 2 failed · 30 per minute · about 5 minutes left");
    expect(t).toContain("Waiting for Atlas's budget until");
    expect(html).toContain('aria-live="polite"');
    expect(t).toContain("Running: 20% done");
    expect(html).toMatch(/<button[^>]*>Pause<\/button>/);
    expect(html).toMatch(/<button[^>]*>Cancel run<\/button>/);
    expect(html).not.toMatch(/>Resume</);
    expect(t).toContain("6b0000000000000000000001");
  });

  it("finished: failures grouped by reason, Retry failed rows (N), Download results", () => {
    const run = makeRun({
      status: "done",
      total: 20,
      buckets: { ready: 20 },
      states: { done: 5, failed: 15 },
      progress: { done: 20, toSend: 20 },
      failures: [
        { reason: "Already a member", atlasErrorCode: "USER_ALREADY_IN_GROUP", count: 12 },
        { reason: "Atlas did not answer", atlasErrorCode: null, count: 3 },
      ],
      retryable: 3,
      finishedAt: "2026-12-06T18:20:00.000Z",
    });
    const t = text(
      render(run, [row({ state: "failed", outcome: "atlas_unreachable", message: "Atlas did not answer" })]),
    );
    expect(t).toContain("12 × Already a member (USER_ALREADY_IN_GROUP)");
    expect(t).toContain("3 × Atlas did not answer");
    expect(t).toContain("Retry failed rows (3)");
    expect(t).toContain("Download results (CSV)");
    expect(t).toContain("Failed: atlas did not answer");
  });

  it("reads its row filter from the URL: the chip is pressed and the page asks for that bucket", () => {
    const run = makeRun({ total: 2, buckets: { ready: 1, invalid: 1 } });
    const html = render(
      run,
      [row({ bucket: "invalid", field: "email", reason: "is not a valid e-mail address" })],
      {
        search: "?bucket=invalid",
        filter: { bucket: "invalid" },
      },
    );
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*>Invalid <span[^>]*>1<\/span>/);
    expect(html).toMatch(/<button[^>]*aria-pressed="false"[^>]*>All <span[^>]*>2<\/span>/);
    expect(text(html)).toContain("E-mail: is not a valid e-mail address");
  });
});

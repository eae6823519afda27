// The Bulk import page's island (components/bulk/bulk-view.tsx) as the server renders it: the New import form
// with its paste area, file upload, example link and defaults for those who may run an import, and the
// recent runs from the server.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { BulkView } from "@/components/bulk/bulk-view";
import { bulkKeys } from "@/lib/api-client/bulk/keys";
import { presetKeys } from "@/lib/api-client/presets/keys";
import type { Role } from "@/lib/permissions";
import type { BulkRun } from "@/lib/schemas/bulk";
import type { Preset } from "@/lib/schemas/presets";
import { makeRun, ORG, ROUTER } from "./fixtures";

function render(role: Role, runs?: BulkRun[], presets?: Preset[]) {
  const client = new QueryClient();
  if (runs) client.setQueryData(bulkKeys.runs(ORG), { runs });
  if (presets) client.setQueryData(presetKeys.list(ORG), { presets });
  const view = createElement(BulkView, { orgId: ORG });
  const user = { email: `${role}@example.com`, name: role, role };
  const session = createElement(SessionProvider, { user, children: view });
  const url = createElement(NuqsTestingAdapter, { searchParams: "", children: session });
  const router = createElement(AppRouterContext.Provider, { value: ROUTER, children: url });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: router }));
}

describe("the bulk import page", () => {
  it("offers paste and upload, the example file, the defaults and the dry run to an inviter", () => {
    const html = render("inviter", []);
    expect(html).toContain(">Bulk import</h1>");
    expect(html).toMatch(/<label[^>]*for="bulk-file"[^>]*>Upload a file<\/label>/);
    expect(html).toMatch(
      /<input[^>]*id="bulk-file"[^>]*type="file"[^>]*accept=".csv,.txt,text\/csv,text\/plain"/,
    );
    expect(html).toMatch(/<label[^>]*for="bulk-csv"[^>]*>CSV text<\/label>/);
    expect(html).toMatch(/<textarea[^>]*id="bulk-csv"/);
    expect(html).toMatch(/<a href="\/bulk-invite-example.csv" download=""/);
    expect(html).toContain("Defaults for all rows");
    expect(html).toContain('id="org-role-ORG_MEMBER"');
    expect(html).toMatch(/<button type="submit"[^>]*>Preview \(dry run\)<\/button>/);
    expect(html).toContain("No imports yet in this organization.");
  });

  it("offers the org's presets for rows that name none, the default first and out-of-date ones disabled", () => {
    const preset = (over: Partial<Preset>): Preset => ({
      id: "p1",
      name: "Engineers",
      description: "",
      orgRoles: ["ORG_MEMBER"],
      teamIds: [],
      projectRoles: [],
      isDefault: false,
      stale: [],
      updatedAt: "2026-12-01T00:00:00.000Z",
      ...over,
    });
    const html = render(
      "admin",
      [],
      [
        preset({ id: "p0", name: "Everyone", isDefault: true }),
        preset({}),
        preset({ id: "p2", name: "Old", stale: ["team Data is gone"] }),
      ],
    );
    expect(html).toMatch(/<label[^>]*for="bulk-preset"/);
    expect(html).toContain('<option value="">The organization&#x27;s default (Everyone)</option>');
    expect(html).toContain('<option value="p1">Engineers</option>');
    expect(html).toMatch(/<option value="p2" disabled="">Old — out of date: team Data is gone<\/option>/);
    expect(render("admin", [], [])).not.toContain('id="bulk-preset"');
  });

  it("shows a viewer the runs but no form", () => {
    const run = makeRun({
      status: "running",
      total: 10,
      buckets: { ready: 10 },
      progress: { done: 4, toSend: 10 },
    });
    const html = render("viewer", [run]);
    expect(html).not.toContain("Preview (dry run)");
    expect(html).toContain('href="/orgs/5f1000000000000000000001/bulk/6a0000000000000000000001"');
    expect(html).toMatch(/role="progressbar"[^>]*aria-valuenow="40"/);
  });

  it("shows a skeleton until the runs arrive", () => {
    expect(render("admin")).toContain('aria-label="Loading the recent runs"');
  });
});

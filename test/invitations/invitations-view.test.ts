// The invitations page's island as the server renders it from its URL (components/invitations/invitations-view.tsx
// with the nuqs parsers of lib/search-params/invitations.ts): the tab, the search and the filters a link asks
// for, the header's buttons by role, and the skeleton until hydration (no data is rendered on the server).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { InvitationsView } from "@/components/invitations/invitations-view";
import type { Role } from "@/lib/permissions";

const ORG = "5f1000000000000000000001";

function render(search: string, role: Role = "admin"): string {
  const view = createElement(InvitationsView, { orgId: ORG });
  const user = { email: `${role}@example.com`, name: role, role };
  const session = createElement(SessionProvider, { user, children: view });
  const url = createElement(NuqsTestingAdapter, { searchParams: search, children: session });
  return renderToStaticMarkup(
    createElement(QueryClientProvider, { client: new QueryClient(), children: url }),
  );
}

const selectedTab = (html: string) =>
  /<button[^>]*role="tab"[^>]*aria-selected="true"[^>]*>([A-Za-z]+)/.exec(html)?.[1];

describe("the invitations view rendered from its URL", () => {
  it("opens on Pending by default, with Invite people and the skeleton until hydrated", () => {
    const html = render("");
    expect(selectedTab(html)).toBe("Pending");
    expect(html).toContain(">Pending invitations</h1>");
    expect(html).toContain("Invite people");
    expect(html).toContain("Create Atlas account");
    expect(html).toContain('aria-busy="true"');
  });

  it("shows the tab, search and filters a link asks for", () => {
    const html = render("?tab=expired&q=contractors&source=project&sort=email&dir=asc");
    expect(selectedTab(html)).toBe("Expired");
    expect(html).toContain(">Expired invitations</h1>");
    expect(html).toMatch(/<input[^>]*id="invitation-search"[^>]*value="contractors"/);
    expect(html).toMatch(/<option value="project" selected="">/);
  });

  it("ignores values it does not know, and hides the admin-only button from an inviter", () => {
    const html = render("?tab=archived&source=all", "inviter");
    expect(selectedTab(html)).toBe("Pending");
    expect(html).not.toContain("Create Atlas account");
    expect(html).toContain("Invite people");
  });
});

// The API tokens sections as the server renders them (components/account/tokens-section.tsx,
// components/users/tokens-section.tsx): what each token row shows, Revoke only where it means something, the
// admin list filtered by the URL's text, and nothing of it for anyone but an admin.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { NuqsTestingAdapter } from "nuqs/adapters/testing";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TokensSection } from "@/components/account/tokens-section";
import { SessionProvider } from "@/components/auth/session-context";
import { AdminTokensSection } from "@/components/users/tokens-section";
import { orgKeys } from "@/lib/api-client/orgs/keys";
import { tokenKeys } from "@/lib/api-client/tokens/keys";
import type { Role } from "@/lib/permissions";
import type { AdminTokenView, TokenView } from "@/lib/schemas/tokens";

const DAY = 24 * 60 * 60_000;
const ORG_A = "aaaaaaaaaaaaaaaaaaaaaaaa";
const ORG_B = "bbbbbbbbbbbbbbbbbbbbbbbb";

function token(over: Partial<TokenView> = {}): TokenView {
  return {
    id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e01",
    name: "hr-sync",
    prefix: "ic_AbCd",
    role: null,
    effectiveRole: "inviter",
    orgIds: null,
    createdAt: "2026-12-01T10:00:00Z",
    expiresAt: new Date(Date.now() + 60 * DAY).toISOString(),
    lastUsedAt: null,
    lastUsedIp: null,
    revokedAt: null,
    state: "active",
    ...over,
  };
}

function render(
  role: Role,
  element: ReactElement,
  data: { mine?: TokenView[]; every?: AdminTokenView[] },
  search = "",
) {
  const client = new QueryClient();
  client.setQueryData(orgKeys.all(), {
    orgs: [
      { id: ORG_A, name: "Demo Org" },
      { id: ORG_B, name: "Other Org" },
    ],
    connections: [],
  });
  if (data.mine) client.setQueryData(tokenKeys.mine(), { tokens: data.mine });
  if (data.every) client.setQueryData(tokenKeys.everyone(), { tokens: data.every });
  const user = { email: `${role}@example.com`, name: role, role };
  const session = createElement(SessionProvider, { user, children: element });
  const url = createElement(NuqsTestingAdapter, { searchParams: search, children: session });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: url }));
}

describe("the Account page's API tokens", () => {
  it("says there are none yet and offers Create token", () => {
    const html = render("viewer", createElement(TokensSection, { role: "viewer" }), { mine: [] });
    expect(html).toContain(">API tokens</h2>");
    expect(html).toContain("You have no API tokens yet.");
    expect(html).toMatch(/<button[^>]*>Create token<\/button>/);
  });

  it("shows each token's name, prefix, role, orgs, use and expiry, and Revoke only while it could work", () => {
    const html = render("inviter", createElement(TokensSection, { role: "inviter" }), {
      mine: [
        token({
          name: "soon-ending",
          role: "inviter",
          effectiveRole: "viewer",
          orgIds: [ORG_B, ORG_A],
          lastUsedAt: new Date(Date.now() - 2 * DAY).toISOString(),
          lastUsedIp: "203.0.113.7",
          expiresAt: new Date(Date.now() + 2 * DAY).toISOString(),
        }),
        token({
          id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e02",
          name: "old-one",
          state: "revoked",
          revokedAt: "2026-12-02T10:00:00Z",
        }),
      ],
    });
    expect(html).toContain('aria-label="Your API tokens"');
    expect(html).toContain("soon-ending");
    expect(html).toContain("ic_AbCd…");
    expect(html).toContain("Viewer (asked: Inviter)");
    expect(html).toContain("Other Org, Demo Org");
    expect(html).toContain("203.0.113.7");
    expect(html).toContain("Expires soon");
    expect(html).toContain("Inviter (owner&#x27;s role)");
    expect(html).toContain("All orgs");
    expect(html).toContain(">Revoked</span>");
    expect(html).toContain('aria-label="Revoke token soon-ending"');
    expect(html).not.toContain('aria-label="Revoke token old-one"');
  });
});

describe("the Users page's API tokens (admins)", () => {
  const every: AdminTokenView[] = [
    { ...token({ name: "hr-sync" }), owner: { id: "u1", email: "ada@example.com", name: "Ada Lovelace" } },
    {
      ...token({ id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e02", name: "nightly", prefix: "ic_XyZw" }),
      owner: { id: "u2", email: "grace@example.com", name: "Grace Hopper" },
    },
  ];

  it("lists every token with its owner and a Revoke that names both", () => {
    const html = render("admin", createElement(AdminTokensSection), { every });
    expect(html).toContain(">API tokens</h2>");
    expect(html).toContain("Filter by owner or token name");
    expect(html).toContain("ada@example.com");
    expect(html).toContain("grace@example.com");
    expect(html).toContain('aria-label="Revoke token nightly of grace@example.com"');
  });

  it("filters by the text in the URL", () => {
    const html = render("admin", createElement(AdminTokensSection), { every }, "?tokens=hopper");
    expect(html).toContain('value="hopper"');
    expect(html).toContain("grace@example.com");
    expect(html).not.toContain("ada@example.com");
    const none = render("admin", createElement(AdminTokensSection), { every }, "?tokens=nobody");
    expect(none).toContain("No token matches “nobody”.");
  });

  it("renders nothing for anyone but an admin", () => {
    expect(render("inviter", createElement(AdminTokensSection), { every })).toBe("");
    expect(render("viewer", createElement(AdminTokensSection), { every })).toBe("");
  });
});

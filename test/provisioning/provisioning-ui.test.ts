// The Provisioning page (components/provisioning/*): the model's decisions, and the page as the server renders
// it from an overview (every section, Remove only for people who left, the groups with their preset).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SessionProvider } from "@/components/auth/session-context";
import { Who } from "@/components/audit/audit-row-parts";
import type { AuditRow } from "@/lib/schemas/audit";
import { ProvisioningView } from "@/components/provisioning/provisioning-view";
import {
  ATLAS_STATE_LABELS,
  DEPROVISION_CHOICES,
  NO_PRESET_TEXT,
  attentionLabel,
  canRemoveLeaver,
  connectSteps,
  countsText,
  groupMapChange,
  groupPresetText,
  mapOf,
  placeMapError,
  requestStatusTone,
  sortAttention,
  unseenMaps,
} from "@/components/provisioning/provisioning-model";
import { presetKeys } from "@/lib/api-client/presets/keys";
import { provisioningKeys } from "@/lib/api-client/provisioning/keys";
import {
  DEPROVISION_MODES,
  SCIM_ATLAS_STATES,
  provisioningPageSchema,
  putGroupMapSchema,
  type GroupMapView,
  type ProvisioningPage,
} from "@/lib/schemas/provisioning";

const ORG = "aaaaaaaaaaaaaaaaaaaaaaaa";
const PRESET = "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e01";
const map = (groupName: string, presetId = PRESET, presetName: string | null = "Engineer"): GroupMapView => ({
  groupName,
  presetId,
  presetName,
  createdAt: "2026-12-01T10:00:00Z",
});
const counts = { users: 0, active: 0, pending: 0, queued: 0, members: 0, held: 0, refused: 0, failed: 0 };

describe("the provisioning model", () => {
  it("offers the three deprovision settings, never first", () => {
    expect(DEPROVISION_CHOICES.map((c) => c.value)).toEqual([...DEPROVISION_MODES]);
    expect(DEPROVISION_CHOICES[0]!.label).toContain("default");
    expect(DEPROVISION_CHOICES.find((c) => c.value === "approval")!.description).toContain("Remove");
    expect(DEPROVISION_CHOICES.find((c) => c.value === "always")!.description).toContain("at once");
  });

  it("says which preset a group applies", () => {
    expect(groupPresetText({ presetName: null, mapped: false })).toBe(NO_PRESET_TEXT);
    expect(groupPresetText({ presetName: "Engineer", mapped: true })).toBe("Engineer");
    expect(groupPresetText({ presetName: "Engineer", mapped: false })).toBe("Engineer (same name)");
  });

  it("finds maps without regard to case, and those of groups not seen yet", () => {
    const maps = [map("Engineers"), map("Sales")];
    expect(mapOf("ENGINEERS", maps)?.groupName).toBe("Engineers");
    expect(mapOf("Ops", maps)).toBeNull();
    expect(unseenMaps([{ displayName: "engineers" }], maps).map((m) => m.groupName)).toEqual(["Sales"]);
  });

  it("turns a select change into nothing, a map or an unmap", () => {
    const other = "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e02";
    expect(groupMapChange(null, "")).toEqual({ kind: "none" });
    expect(groupMapChange(map("x"), "")).toEqual({ kind: "delete" });
    expect(groupMapChange(map("x"), PRESET)).toEqual({ kind: "none" });
    expect(groupMapChange(map("x"), other)).toEqual({ kind: "put", presetId: other });
    expect(groupMapChange(null, other)).toEqual({ kind: "put", presetId: other });
  });

  it("labels attention rows and offers Remove only to people who left, listed first", () => {
    expect(attentionLabel("left")).toBe("Left the directory, still a member");
    expect(attentionLabel("roles")).toContain("roles");
    expect(attentionLabel("team_missing")).toBe("team missing");
    expect(canRemoveLeaver({ attention: "left" })).toBe(true);
    expect(canRemoveLeaver({ attention: "roles" })).toBe(false);
    const rows = [
      { attention: "roles", n: 1 },
      { attention: "left", n: 2 },
      { attention: "left", n: 3 },
    ];
    expect(sortAttention(rows).map((r) => r.n)).toEqual([2, 3, 1]);
  });

  it("has a label for every Atlas state", () => {
    for (const s of SCIM_ATLAS_STATES) expect(ATLAS_STATE_LABELS[s].label).toBeTruthy();
  });

  it("colours SCIM statuses", () => {
    expect(requestStatusTone(200)).toBe("ok");
    expect(requestStatusTone(204)).toBe("ok");
    expect(requestStatusTone(401)).toBe("warn");
    expect(requestStatusTone(429)).toBe("warn");
    expect(requestStatusTone(500)).toBe("danger");
  });

  it("sums up the directory", () => {
    expect(countsText(counts)).toBe("The directory has sent nobody yet.");
    expect(countsText({ ...counts, users: 1, active: 1 })).toBe("1 person from the directory (1 active).");
    expect(countsText({ ...counts, users: 5, active: 4, pending: 2, members: 1, queued: 1, failed: 1 })).toBe(
      "5 people from the directory (4 active): 2 invited, 1 member, 1 queued, 1 failed.",
    );
  });

  it("puts the base URL into the Okta and Entra ID steps", () => {
    const steps = connectSteps("https://console.example/scim/v2");
    expect(steps.okta.join(" ")).toContain("SCIM connector base URL https://console.example/scim/v2");
    expect(steps.entra.join(" ")).toContain("Tenant URL https://console.example/scim/v2");
  });

  it("places a refused map beside its field", () => {
    expect(
      placeMapError({ message: "Some fields are not valid.", fields: { presetId: "No such preset." } }),
    ).toEqual({
      fields: [["presetId", "No such preset."]],
      formMessage: null,
    });
    expect(placeMapError({ message: "Conflict.", fields: undefined })).toEqual({
      fields: [],
      formMessage: "Conflict.",
    });
  });

  it("the map form's schema asks for a preset in words", () => {
    const r = putGroupMapSchema.safeParse({ groupName: "Ops", presetId: "" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toBe("Choose one of the org's presets.");
    expect(putGroupMapSchema.safeParse({ groupName: "  ", presetId: PRESET }).success).toBe(false);
  });
});

function page(over: Partial<ProvisioningPage["overview"]> = {}): ProvisioningPage {
  return provisioningPageSchema.parse({
    baseUrl: "https://console.example/scim/v2",
    overview: {
      settings: { deprovision: "approval" },
      tokens: [
        {
          id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e0a",
          name: "okta",
          prefix: "icp_AbCd",
          createdAt: "2026-12-01T10:00:00Z",
          createdByEmail: "admin@example.com",
          lastUsedAt: "2026-12-06T10:00:00Z",
          lastUsedIp: "203.0.113.9",
          revokedAt: null,
          state: "active",
        },
        {
          id: "5f0c7c1e-7d1c-4a43-9c1c-3f7d1b7a9e0b",
          name: "old-entra",
          prefix: "icp_XyZw",
          createdAt: "2026-11-01T10:00:00Z",
          createdByEmail: null,
          lastUsedAt: null,
          lastUsedIp: null,
          revokedAt: "2026-11-02T10:00:00Z",
          state: "revoked",
        },
      ],
      groupMaps: [map("Platform"), map("Future team")],
      groups: [
        { id: "g1", displayName: "Engineer", members: 3, presetName: "Engineer", mapped: false },
        { id: "g2", displayName: "Platform", members: 1, presetName: "Engineer", mapped: true },
        { id: "g3", displayName: "Marketing", members: 2, presetName: null, mapped: false },
      ],
      unmappedGroups: ["Marketing"],
      counts: { ...counts, users: 6, active: 5, pending: 2, members: 3 },
      attention: [
        {
          scimUserId: "u1",
          userName: "gone@example.com",
          attention: "left",
          detail: "deactivated in the directory",
          atlasState: "member",
          updatedAt: "2026-12-06T09:00:00Z",
        },
        {
          scimUserId: "u2",
          userName: "roles@example.com",
          attention: "roles",
          detail: "Engineer asks ORG_GROUP_CREATOR",
          atlasState: "member",
          updatedAt: "2026-12-06T08:00:00Z",
        },
      ],
      recentRequests: [
        {
          method: "POST",
          path: "/scim/v2/Users",
          status: 201,
          outcome: "created new@example.com",
          tokenName: "okta",
          ms: 12,
          at: "2026-12-06T10:00:00Z",
        },
        {
          method: "GET",
          path: "/scim/v2/Users?filter=userName",
          status: 401,
          outcome: null,
          tokenName: null,
          ms: 1,
          at: "2026-12-06T09:59:00Z",
        },
      ],
      ...over,
    },
  });
}

function render(data: ProvisioningPage, presets?: unknown[]) {
  const client = new QueryClient();
  client.setQueryData(provisioningKeys.page(ORG), data);
  client.setQueryData(presetKeys.list(ORG), {
    presets: presets ?? [
      {
        id: PRESET,
        name: "Engineer",
        description: "",
        orgRoles: ["ORG_MEMBER"],
        teamIds: [],
        projectRoles: [],
        isDefault: true,
        stale: [],
        createdByEmail: null,
        createdAt: "2026-12-01T10:00:00Z",
        updatedAt: "2026-12-01T10:00:00Z",
      },
    ],
  });
  const user = { email: "admin@example.com", name: "admin", role: "admin" as const };
  const session = createElement(SessionProvider, {
    user,
    children: createElement(ProvisioningView, { orgId: ORG }),
  });
  return renderToStaticMarkup(createElement(QueryClientProvider, { client, children: session }));
}

describe("the Provisioning page", () => {
  it("shows every section with the overview's data", () => {
    const html = render(page());
    for (const title of [
      "Connect your identity provider",
      "Tokens",
      "Groups → presets",
      "When someone leaves the directory",
      "Left the directory, still a member",
      "Recent SCIM requests",
    ]) {
      expect(html).toContain(`>${title}</h2>`);
    }
    expect(html).toContain('value="https://console.example/scim/v2"');
    expect(html).toContain('aria-label="Copy the SCIM base URL"');
    expect(html).toContain("docs/provisioning.md");
    expect(html).toContain("6 people from the directory (5 active): 2 invited, 3 members.");
  });

  it("lists tokens with Revoke only for active ones, and never a secret", () => {
    const html = render(page());
    expect(html).toContain("icp_AbCd…");
    expect(html).toContain("203.0.113.9");
    expect(html).toContain('aria-label="Revoke token okta"');
    expect(html).not.toContain('aria-label="Revoke token old-entra"');
    expect(html).toContain(">Revoked</span>");
  });

  it("shows each group's preset, the default for the unmapped, and maps not seen yet", () => {
    const html = render(page());
    expect(html).toContain("Engineer (same name)");
    expect(html).toContain(NO_PRESET_TEXT.replace("'", "&#x27;"));
    expect(html).toContain("Mapped, not seen in the directory yet");
    expect(html).toContain("Future team");
    expect(html).toContain("Preset for the group Marketing");
    expect(html).toContain(">Map a group name</h3>");
  });

  it("checks the org's setting and offers Remove only for people who left", () => {
    const html = render(page());
    const radios = html.match(/<input type="radio"[^>]*>/g) ?? [];
    expect(radios).toHaveLength(3);
    expect(radios.filter((r) => r.includes('checked=""')).map((r) => /value="(\w+)"/.exec(r)?.[1])).toEqual([
      "approval",
    ]);
    expect(html).toContain('aria-label="Remove gone@example.com from the organization"');
    expect(html).not.toContain('aria-label="Remove roles@example.com from the organization"');
    expect(html).toContain("deactivated in the directory");
  });

  it("shows requests with their status and outcome", () => {
    const html = render(page());
    expect(html).toContain("/scim/v2/Users?filter=userName");
    expect(html).toContain("created new@example.com");
    expect(html).toMatch(/>201<\/span>/);
    expect(html).toMatch(/>401<\/span>/);
  });

  it("has an empty state in each list", () => {
    const html = render(
      page({
        tokens: [],
        groups: [],
        groupMaps: [],
        unmappedGroups: [],
        attention: [],
        recentRequests: [],
        counts,
      }),
    );
    expect(html).toContain("No token yet: create one for your identity provider.");
    expect(html).toContain("The directory has sent no group yet.");
    expect(html).toContain("Nobody needs a look");
    expect(html).toContain("No request yet.");
    expect(html).toContain("The directory has sent nobody yet.");
  });

  it("points to the Presets page when the org has none", () => {
    const html = render(page(), []);
    expect(html).toContain(`href="/orgs/${ORG}/presets"`);
    expect(html).toContain("This org has no presets yet");
    expect(render(page())).not.toContain("This org has no presets yet");
  });

  it("shows a skeleton while loading", () => {
    const client = new QueryClient();
    const user = { email: "admin@example.com", name: "admin", role: "admin" as const };
    const html = renderToStaticMarkup(
      createElement(QueryClientProvider, {
        client,
        children: createElement(SessionProvider, {
          user,
          children: createElement(ProvisioningView, { orgId: ORG }),
        }),
      }),
    );
    expect(html).toContain('aria-label="Loading provisioning"');
  });
});

describe("changes from the directory, as the audit shows them", () => {
  it("names the directory and its token, not an address", () => {
    const row = { userEmail: "provisioning: okta", tokenName: null, ip: null } as unknown as AuditRow;
    const html = renderToStaticMarkup(createElement(Who, { row }));
    expect(html).toContain("From the directory");
    expect(html).toContain("okta");
    const person = renderToStaticMarkup(
      createElement(Who, { row: { ...row, userEmail: "ada@example.com" } as AuditRow }),
    );
    expect(person).toContain("ada@example.com");
    expect(person).not.toContain("From the directory");
  });
});

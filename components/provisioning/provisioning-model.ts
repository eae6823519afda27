import type { ApiError } from "@/lib/api-client/errors";
import type {
  DeprovisionMode,
  GroupMapView,
  ProvisioningOverview,
  ProvisioningTokenView,
} from "@/lib/schemas/provisioning";

// What the Provisioning page (components/provisioning/*) shows and decides, kept apart from React so that
// test/provisioning/provisioning-model.test.ts tests it.

type Tone = "ok" | "neutral" | "danger" | "warn" | "info";
type Overview = ProvisioningOverview;
type AttentionRow = Overview["attention"][number];

export const DEPROVISION_CHOICES: readonly { value: DeprovisionMode; label: string; description: string }[] =
  [
    {
      value: "never",
      label: "Never remove (default)",
      description:
        "Their pending invitation is cancelled; a person who already joined stays a member and is listed below for an admin.",
    },
    {
      value: "approval",
      label: "Remove with approval",
      description: "Listed below with a Remove button: an admin confirms each removal.",
    },
    {
      value: "always",
      label: "Always remove",
      description: "Removed from the Atlas organization at once, as the directory says.",
    },
  ];

export const NO_PRESET_TEXT = "No preset: members get the org's default";

/** The preset a directory group applies, in words. */
export function groupPresetText(group: Pick<Overview["groups"][number], "presetName" | "mapped">): string {
  if (group.presetName === null) return NO_PRESET_TEXT;
  return group.mapped ? group.presetName : `${group.presetName} (same name)`;
}

/** Maps whose group the directory has not sent (yet): shown apart, so that they can be removed. */
export function unseenMaps(
  groups: readonly Pick<Overview["groups"][number], "displayName">[],
  maps: readonly GroupMapView[],
): GroupMapView[] {
  const seen = new Set(groups.map((g) => g.displayName.toLowerCase()));
  return maps.filter((m) => !seen.has(m.groupName.toLowerCase()));
}

/** The map of a group (matched without regard to case), or null. */
export function mapOf(groupName: string, maps: readonly GroupMapView[]): GroupMapView | null {
  const key = groupName.toLowerCase();
  return maps.find((m) => m.groupName.toLowerCase() === key) ?? null;
}

/** What choosing `presetId` ("" = no map) in a group's select does: nothing, map or unmap. */
export function groupMapChange(
  current: GroupMapView | null,
  presetId: string,
): { kind: "none" } | { kind: "put"; presetId: string } | { kind: "delete" } {
  if (presetId === "") return current ? { kind: "delete" } : { kind: "none" };
  if (current?.presetId === presetId) return { kind: "none" };
  return { kind: "put", presetId };
}

export const ATTENTION_LABELS: Record<string, string> = {
  left: "Left the directory, still a member",
  roles: "The directory's groups ask for other roles",
};

export function attentionLabel(attention: string): string {
  return ATTENTION_LABELS[attention] ?? attention.replaceAll("_", " ");
}

/** An admin may remove a person who left the directory, whatever the org's setting. */
export function canRemoveLeaver(row: Pick<AttentionRow, "attention">): boolean {
  return row.attention === "left";
}

/** People who left first (they hold access), then the rest, each newest first (the server's order). */
export function sortAttention<T extends Pick<AttentionRow, "attention">>(rows: readonly T[]): T[] {
  return [...rows.filter((r) => r.attention === "left"), ...rows.filter((r) => r.attention !== "left")];
}

export const ATLAS_STATE_LABELS: Record<AttentionRow["atlasState"], { label: string; tone: Tone }> = {
  none: { label: "Not sent", tone: "neutral" },
  queued: { label: "Queued", tone: "info" },
  pending: { label: "Invited", tone: "info" },
  member: { label: "Member", tone: "ok" },
  cancelled: { label: "Invitation cancelled", tone: "neutral" },
  removed: { label: "Removed", tone: "neutral" },
  held: { label: "Awaiting approval", tone: "warn" },
  refused: { label: "Refused", tone: "danger" },
  failed: { label: "Failed", tone: "danger" },
};

/** A SCIM answer's status as a badge: 2xx ok, 429 and other 4xx warn, 5xx danger. */
export function requestStatusTone(status: number): Tone {
  if (status >= 200 && status < 300) return "ok";
  if (status >= 500) return "danger";
  if (status >= 400) return "warn";
  return "neutral";
}

export const TOKEN_STATE_BADGES = {
  active: { label: "Active", tone: "ok" },
  revoked: { label: "Revoked", tone: "danger" },
} as const satisfies Record<ProvisioningTokenView["state"], { label: string; tone: Tone }>;

/** The directory in one line: "12 people: 3 invited, 8 members, 1 queued". */
export function countsText(counts: Overview["counts"]): string {
  if (counts.users === 0) return "The directory has sent nobody yet.";
  const parts = [
    counts.pending ? `${counts.pending} invited` : null,
    counts.members ? `${counts.members} ${counts.members === 1 ? "member" : "members"}` : null,
    counts.queued ? `${counts.queued} queued` : null,
    counts.held ? `${counts.held} awaiting approval` : null,
    counts.refused ? `${counts.refused} refused` : null,
    counts.failed ? `${counts.failed} failed` : null,
  ].filter((p): p is string => p !== null);
  const people = `${counts.users} ${counts.users === 1 ? "person" : "people"} from the directory (${counts.active} active)`;
  return parts.length ? `${people}: ${parts.join(", ")}.` : `${people}.`;
}

/** Short setup steps for the two identity providers the page names (docs/provisioning.md has the rest). */
export function connectSteps(baseUrl: string): { okta: string[]; entra: string[] } {
  return {
    okta: [
      "Applications → Create App Integration (SWA or SAML 2.0); on General, set Provisioning to SCIM.",
      `Provisioning → Integration: SCIM connector base URL ${baseUrl}, unique identifier field userName, Authentication Mode HTTP Header, Authorization (Bearer) the token.`,
      "Provisioning → To App: turn on Create Users, Update User Attributes and Deactivate Users.",
      "Assign people and push the groups whose names match presets (or map them below).",
    ],
    entra: [
      "Enterprise applications → New application → Create your own application (Non-gallery).",
      `Provisioning → Automatic: Tenant URL ${baseUrl}, Secret Token the token; Test Connection, Save.`,
      "Assign users and groups, then start provisioning.",
    ],
  };
}

type MapField = "groupName" | "presetId";

/** A refused map beside the field it names, else for the whole form. */
export function placeMapError(error: Pick<ApiError, "message" | "fields">): {
  fields: Array<[MapField, string]>;
  formMessage: string | null;
} {
  const fields: Array<[MapField, string]> = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(error.fields ?? {})) {
    if (key === "groupName" || key === "presetId") fields.push([key, message]);
    else unplaced.push(message);
  }
  if (fields.length > 0 && unplaced.length === 0) return { fields, formMessage: null };
  return { fields, formMessage: [error.message, ...unplaced].join(" ") };
}

import { z } from "zod";
import { INVITATION_SOURCES, INVITED_VIA, INVITES_APIS } from "./invitation-enums";
import { grantsInputSchema, grantsSchema, refineDistinctProjects } from "./grants";
import { atlasIdSchema } from "./ids";
import { plainTextSchema } from "./text";

export { INVITATION_SOURCES, INVITED_VIA, type InvitationSource, type InvitedVia } from "./invitation-enums";

/** A pending invitation as the console's API returns it, whichever Atlas API it came from. */
export const invitationSchema = z.object({
  /** The id to cancel with: users-API user id, legacy invitation id, or project invitation id. */
  id: atlasIdSchema,
  source: z.enum(INVITATION_SOURCES),
  email: z.string(),
  ...grantsSchema.shape,
  inviter: z.string().nullable(),
  /** The console user behind it, when the console created it (from the audit log). */
  invitedByConsoleUser: z.string().optional(),
  /** The console's own connection whose service account Atlas names as inviter (its name, not the client id). */
  invitedByConnection: z.string().optional(),
  /** What the console user did to make it (lib/schemas/inviter-label.ts words it). */
  invitedVia: z.enum(INVITED_VIA).optional(),
  /** Renewed, re-invited or migrated: who made the first invitation of that chain (person or connection). */
  firstInvitedBy: z.string().optional(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type Invitation = z.infer<typeof invitationSchema>;

export const invitationListSchema = z.object({
  invitations: z.array(invitationSchema),
  api: z.enum(INVITES_APIS),
});
export type InvitationList = z.infer<typeof invitationListSchema>;

/**
 * GET /api/orgs/{orgId}/invitations's query: `stream=ndjson` for the list page by page (docs/api.md, "The pending
 * list as a stream"); left out, JSON. Any other value is refused rather than answered as JSON: a caller that
 * asked for a stream and misspelt it would otherwise read a different format than it asked for.
 */
export const invitationListQuerySchema = z.object({
  stream: z
    .literal("ndjson", { error: 'must be "ndjson" (the list as a stream), or left out for JSON' })
    .optional()
    .describe("ndjson: the list page by page (application/x-ndjson)"),
});

/** GET /api/orgs/{orgId}/members: the org's active members, lower-cased addresses (the invite form's check). */
export const memberListSchema = z.object({ emails: z.array(z.string()) });
export type MemberList = z.infer<typeof memberListSchema>;

/** Splits "a@x.io, b@y.io\nc@z.io" into addresses (comma, space, semicolon or newline separated). */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The addresses as the console sends them: trimmed, lower-cased, each once (the service de-duplicates too). */
export function uniqueEmails(text: string): string[] {
  return [...new Set(splitEmails(text).map((e) => e.toLowerCase()))];
}

/** What is not an address, in the words the invite form shows live (components/invitations/email-list.ts). */
export function notAddressesMessage(bad: readonly string[]): string {
  return `Not ${bad.length === 1 ? "an e-mail address" : "e-mail addresses"}: ${bad.join(", ")}`;
}

/** At most this many addresses per invite request (one Atlas call each, inside one HTTP request). */
export const MAX_INVITE_EMAILS = 50;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "is not a valid e-mail address" }));

/** The invite form and POST /api/orgs/{orgId}/invitations: one schema for both. */
export const inviteInputSchema = z
  .object({
    emails: z
      .string({
        error: "enter at least one e-mail address (comma, space or newline separated, as one string)",
      })
      .min(1, "enter at least one e-mail address")
      .max(20_000)
      .superRefine((text, ctx) => {
        // Counted after de-duplication: "Ada@x.io, ada@x.io" is one invitation.
        const list = uniqueEmails(text);
        if (list.length === 0) ctx.addIssue({ code: "custom", message: "enter at least one e-mail address" });
        if (list.length > MAX_INVITE_EMAILS)
          ctx.addIssue({
            code: "custom",
            message: `${list.length} addresses: at most ${MAX_INVITE_EMAILS} at once, send them in batches of ${MAX_INVITE_EMAILS}`,
          });
        const bad = list.filter((e) => !emailSchema.safeParse(e).success);
        if (bad.length) ctx.addIssue({ code: "custom", message: notAddressesMessage(bad.slice(0, 5)) });
      }),
    // Teams and project roles are optional for script callers; the form always sends both.
    ...grantsInputSchema.shape,
    /** Why, for an invitation the org's guardrails hold for a second admin (recorded with the request). */
    approvalReason: plainTextSchema().trim().max(500, "at most 500 characters").optional(),
  })
  .superRefine(refineDistinctProjects);
export type InviteInput = z.infer<typeof inviteInputSchema>;

export const inviteResultSchema = z.object({
  email: z.string(),
  /** `blocked`: refused by the org's guardrails; `awaiting_approval`: held for a second admin (approvalId). */
  outcome: z.enum(["invited", "already_invited", "already_member", "failed", "blocked", "awaiting_approval"]),
  /** For awaiting_approval: the approval request (GET /api/orgs/{orgId}/approvals). */
  approvalId: z.string().optional(),
  message: z.string().optional(),
  /** For failures: the console error code and HTTP status this address alone would have had. */
  code: z.string().optional(),
  status: z.number().int().optional(),
  /** For rate-limited failures: seconds to wait (the Retry-After of that answer). */
  retryAfter: z.number().int().optional(),
  /** For failures Atlas refused: its error code (e.g. TEAM_NOT_FOUND), which names the input concerned. */
  atlasErrorCode: z.string().optional(),
  invitation: invitationSchema.optional(),
});
export const inviteResponseSchema = z.object({ results: z.array(inviteResultSchema) });
export type InviteResult = z.infer<typeof inviteResultSchema>;

/**
 * DELETE /api/orgs/{orgId}/invitations/{id}: hints only. Who the invitation is for, what it grants and which
 * project holds it are read from Atlas in the URL's org (other keys, such as an older caller's `email`, are
 * dropped by the parse).
 */
export const cancelInputSchema = z.object({
  source: z.enum(INVITATION_SOURCES),
  projectId: atlasIdSchema.optional(),
});
export type CancelInput = z.infer<typeof cancelInputSchema>;

// Atlas error codes name what they are about; checked in order, the first match wins.
const ATLAS_CODE_FIELDS: Array<[RegExp, keyof InviteInput]> = [
  [/TEAM/, "teamIds"],
  [/GROUP|PROJECT/, "projectRoles"],
  [/ROLE/, "orgRoles"],
  [/EMAIL|USER|INVIT/, "emails"],
];

/** The invite input an Atlas error code concerns (TEAM_NOT_FOUND → teamIds), or null when it names none. */
export function inviteFieldForAtlasCode(code: string | undefined): keyof InviteInput | null {
  if (!code) return null;
  return ATLAS_CODE_FIELDS.find(([re]) => re.test(code))?.[1] ?? null;
}

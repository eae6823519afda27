import { z } from "zod";
import { LEDGER_TABS } from "./ledger";

// GET /api/orgs/{orgId}/export: which tab and which format. The list's filters ride along as the page's own
// URL params (lib/search-params/invitations.ts) and are read by its parsers.

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportQuerySchema = z.object({
  tab: z.enum(LEDGER_TABS),
  format: z.enum(EXPORT_FORMATS),
});

/** One exported invitation (JSON); the CSV has the same columns, lists joined. */
export interface ExportedInvitation {
  email: string;
  status: string;
  orgRoles: string[];
  teams: { id: string; name: string }[];
  projects: { id: string; name: string; roles: string[] }[];
  inviter: string | null;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string | null;
}

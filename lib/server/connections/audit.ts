import "server-only";
import { logger } from "../log";

// TEMPORARY seam: part P's lib/server/audit (recordAudit, AuditActor) has not landed on this branch yet. The
// connection service calls these with the contract's signature; once P's module exists this file re-exports
// it. Until then the calls only log (ids and codes, never a secret).

export interface AuditActor {
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuditRecord {
  action: string;
  connectionId?: string | null;
  orgId?: string | null;
  detail?: string | null;
  outcome: "pending" | "success" | "failure" | "refused" | "unknown" | "noop";
  atlasStatus?: number | null;
  atlasErrorCode?: string | null;
}

export async function recordAudit(actor: AuditActor, fields: AuditRecord): Promise<string> {
  logger.info({ actor: actor.email, ...fields }, "audit (pending part P's audit log)");
  return "";
}

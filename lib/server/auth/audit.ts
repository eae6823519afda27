import "server-only";
import { logger } from "../log";

// Seam to part P's audit trail (lib/server/audit). Until it lands, events go to the log only; the call sites
// stay the same when this delegates to recordAudit.
export interface AuditActor {
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
}

export interface AuthAuditEvent {
  action: string;
  outcome: "success" | "failure" | "refused";
  targetEmail?: string | null;
  detail?: string | null;
}

export async function auditAuthEvent(actor: AuditActor, event: AuthAuditEvent): Promise<void> {
  try {
    logger.info(
      { audit: { ...event, actorId: actor.userId, actorEmail: actor.email, ip: actor.ip } },
      "audit",
    );
  } catch {
    // Auditing must never turn a refusal into a 500.
  }
}

export function actorFrom(headers: Headers, user: { id: string; email: string } | null): AuditActor {
  const ip = headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || null;
  return {
    userId: user?.id ?? null,
    email: user?.email ?? null,
    ip,
    userAgent: headers.get("user-agent")?.slice(0, 300) ?? null,
  };
}

import "server-only";
import { recordAudit } from "../audit";
import type { AuditAction, AuditActor } from "../audit";
import { logger } from "../log";
import { clientIp } from "./client-ip";

export type { AuditActor };

export interface AuthAuditEvent {
  action: AuditAction;
  outcome: "success" | "failure" | "refused";
  targetEmail?: string | null;
  detail?: string | null;
  orgId?: string | null;
}

/** One audit row for a sign-in event, a refusal or a console-user change (no Atlas call behind it). */
export async function auditAuthEvent(actor: AuditActor, event: AuthAuditEvent): Promise<void> {
  try {
    await recordAudit(actor, event);
  } catch (err) {
    // Auditing a refusal must never turn it into a 500; the failure itself is logged.
    logger.error({ err, action: event.action }, "could not write an audit row");
  }
}

export function actorFrom(headers: Headers, user: { id: string; email: string } | null): AuditActor {
  return {
    userId: user?.id ?? null,
    email: user?.email ?? null,
    ip: clientIp(headers),
    userAgent: headers.get("user-agent")?.slice(0, 300) ?? null,
  };
}

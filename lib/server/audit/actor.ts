import "server-only";
import type { AuditActor } from "./index";

/**
 * Who is calling, for routes whose context has no `actor` yet. Part S's withConsole gives handlers
 * `ctx.actor` (docs/design/c-contracts.md); until it is merged the routes build one from the user and the
 * request here, and the call sites switch to `ctx.actor` then.
 */
export function actorOf(req: Request, user: { id: string; email: string } | null): AuditActor {
  const ip =
    req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || req.headers.get("x-real-ip") || null;
  return {
    userId: user?.id ?? null,
    email: user?.email ?? null,
    ip,
    userAgent: req.headers.get("user-agent")?.slice(0, 300) ?? null,
  };
}

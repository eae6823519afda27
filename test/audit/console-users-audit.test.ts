// Console-user changes through the route handlers, audited by the one mutation helper: one row per verb
// naming the user (e-mail and id), and a refusal of the console (not oneself, reactivate first, no such
// user) is one "refused" row with its reason, not a silent 409.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import * as resetRoute from "@/app/api/users/[userId]/reset-two-factor/route";
import * as userRoute from "@/app/api/users/[userId]/route";
import * as linkRoute from "@/app/api/users/[userId]/set-password-link/route";
import * as usersRoute from "@/app/api/users/route";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { getDb } from "@/lib/server/db";
import { auditRows } from "@/lib/server/db/schema";
import { call } from "../support/routes";
import { prepareTestAuth, signedInRequest } from "../support/session";

let admin: Record<string, string>;
beforeAll(async () => {
  prepareTestAuth();
  admin = await signedInRequest("admin", { email: "users-boss@example.com" });
});

const rowsOf = async (userEmail: string) =>
  (
    await (
      await getDb()
    )
      .select()
      .from(auditRows)
      .where(eq(auditRows.userEmail, userEmail))
      .orderBy(auditRows.createdAt)
  ).map((r) => ({
    action: r.action,
    outcome: r.outcome,
    targetEmail: r.targetEmail,
    targetId: r.targetId,
    detail: r.detail,
  }));
const patch = (id: string, body: unknown) =>
  call(userRoute.PATCH, "PATCH", `/api/users/${id}`, { params: { userId: id }, body, headers: admin });

describe("console users: one audited mutation per verb", () => {
  it("create, role change, deactivate + reactivate, set-password link, 2FA reset, and the refusals", async () => {
    const created = await call(usersRoute.POST, "POST", "/api/users", {
      body: { email: "Audited.Colleague@Example.com", role: "inviter" },
      headers: admin,
    });
    expect(created.status).toBe(201);
    const id = created.body.user.id as string;
    const email = "audited.colleague@example.com";

    // Role and active in one request: two verbs, two rows.
    expect((await patch(id, { role: "viewer", active: false })).status).toBe(200);
    // Deactivated: no link; that refusal is audited.
    const refusedLink = await call(linkRoute.POST, "POST", `/api/users/${id}/set-password-link`, {
      params: { userId: id },
      headers: admin,
    });
    expect(refusedLink.status).toBe(409);
    expect((await patch(id, { active: true })).status).toBe(200);
    // Unchanged values write nothing.
    expect((await patch(id, { role: "viewer", active: true })).status).toBe(200);
    const link = await call(linkRoute.POST, "POST", `/api/users/${id}/set-password-link`, {
      params: { userId: id },
      headers: admin,
    });
    expect(link.status).toBe(201);
    // No TOTP to reset: refused, audited.
    const reset = await call(resetRoute.POST, "POST", `/api/users/${id}/reset-two-factor`, {
      params: { userId: id },
      headers: admin,
    });
    expect(reset.status).toBe(409);

    const list = await call(usersRoute.GET, "GET", "/api/users", { headers: admin });
    const me = list.body.users.find((u: { email: string }) => u.email === "users-boss@example.com");
    expect((await patch(me.id, { active: false })).status).toBe(409);
    const ghost = "00000000-0000-4000-8000-000000000000";
    expect((await patch(ghost, { role: "admin" })).status).toBe(404);

    expect(await rowsOf("users-boss@example.com")).toEqual([
      {
        action: "user.created",
        outcome: "success",
        targetEmail: email,
        targetId: id,
        detail: "role inviter",
      },
      {
        action: "user.role_changed",
        outcome: "success",
        targetEmail: email,
        targetId: id,
        detail: "inviter → viewer",
      },
      { action: "user.deactivated", outcome: "success", targetEmail: email, targetId: id, detail: null },
      {
        action: "user.password_link_created",
        outcome: "refused",
        targetEmail: email,
        targetId: id,
        detail: "Reactivate this user first.",
      },
      { action: "user.reactivated", outcome: "success", targetEmail: email, targetId: id, detail: null },
      {
        action: "user.password_link_created",
        outcome: "success",
        targetEmail: email,
        targetId: id,
        detail: null,
      },
      {
        action: "user.two_factor_reset",
        outcome: "refused",
        targetEmail: email,
        targetId: id,
        detail: `${email} has no two-factor authentication to reset.`,
      },
      {
        action: "user.deactivated",
        outcome: "refused",
        targetEmail: "users-boss@example.com",
        targetId: me.id,
        detail: "You cannot remove your own admin role or deactivate yourself.",
      },
      {
        action: "user.role_changed",
        outcome: "refused",
        targetEmail: null,
        targetId: ghost,
        detail: "No such console user.",
      },
    ]);
    expect(await verifyAuditChain(await getDb())).toMatchObject({ ok: true });
  });
});

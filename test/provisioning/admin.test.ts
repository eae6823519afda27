// The Provisioning page's services and routes (issue 20): provisioning tokens (created once, listed without
// their secret, revoked at once, authenticated by hash), the deprovisioning setting, group → preset maps and
// the overview. PGlite, and PostgreSQL when TEST_DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/server/db";
import { auditRows, provisioningTokens } from "@/lib/server/db/schema";
import type { AuditActor } from "@/lib/server/audit";
import {
  authenticateProvisioningToken,
  createProvisioningToken,
  listProvisioningTokens,
  revokeProvisioningToken,
} from "@/lib/server/provisioning/tokens";
import { generateProvisioningToken, generateToken } from "@/lib/server/tokens/format";
import type { TestSim } from "@/sim/test/support/sim";
import { testDatabases } from "../support/db";
import { DEMO, consoleAgainstSimulator, useAdminOnDatabase } from "../support/routes";

const ORG = DEMO.orgId;
const OTHER_ORG = DEMO.secondOrgId;
let sim: TestSim;
beforeAll(async () => {
  sim = await consoleAgainstSimulator();
});
afterAll(() => sim.close());

const actor: AuditActor = {
  userId: null,
  email: "admin@provisioning.test",
  ip: "127.0.0.1",
  userAgent: "vitest",
};

describe.each(testDatabases())("provisioning admin on $name", ({ open }) => {
  useAdminOnDatabase(open);

  describe("tokens", () => {
    it("creates a token once (icp_), lists it without its secret, authenticates it with its org", async () => {
      const { token, secret } = await createProvisioningToken({ orgId: ORG, name: "  okta  ", actor });
      expect(secret).toMatch(/^icp_[0-9A-Za-z]{49}$/);
      expect(token).toMatchObject({
        name: "okta",
        state: "active",
        createdByEmail: actor.email,
        lastUsedAt: null,
      });
      expect(token.prefix).toBe(secret.slice(0, 8));
      const list = await listProvisioningTokens(ORG);
      expect(list.map((t) => t.id)).toContain(token.id);
      expect(JSON.stringify(list)).not.toContain(secret);
      expect(await listProvisioningTokens(OTHER_ORG)).toEqual([]);

      const db = await getDb();
      const [row] = await db.select().from(provisioningTokens).where(eq(provisioningTokens.id, token.id));
      expect(row!.tokenHash).not.toContain(secret);
      const audits = await db.select().from(auditRows).where(eq(auditRows.targetId, token.id));
      expect(audits.map((a) => [a.action, a.outcome])).toEqual([["provisioning.token_created", "success"]]);
      expect(JSON.stringify(audits)).not.toContain(secret);
      expect(audits[0]!.detail).toContain(token.prefix);

      expect(await authenticateProvisioningToken(secret, "10.0.0.7")).toEqual({
        tokenId: token.id,
        tokenName: "okta",
        orgId: ORG,
      });
      const [used] = await listProvisioningTokens(ORG);
      expect(used!.lastUsedIp).toBe("10.0.0.7");
      expect(used!.lastUsedAt).not.toBeNull();
    });

    it("refuses malformed, unknown and personal tokens without throwing", async () => {
      const { secret } = await createProvisioningToken({ orgId: ORG, name: "entra", actor });
      const typo = secret.slice(0, 10) + (secret[10] === "a" ? "b" : "a") + secret.slice(11);
      for (const bad of [typo, "", "icp_", "x".repeat(5000), generateToken(), generateProvisioningToken()]) {
        expect(await authenticateProvisioningToken(bad, null)).toBeNull();
      }
    });

    it("one live token per org and name (case-insensitive): 409 with fields.name; free again once revoked", async () => {
      const first = await createProvisioningToken({ orgId: ORG, name: "jumpcloud", actor });
      await expect(createProvisioningToken({ orgId: ORG, name: "JumpCloud", actor })).rejects.toMatchObject({
        code: "conflict",
        fields: { name: expect.stringContaining("JumpCloud") as unknown },
      });
      // Another org may use the name.
      await createProvisioningToken({ orgId: OTHER_ORG, name: "jumpcloud", actor });
      await revokeProvisioningToken({ orgId: ORG, tokenId: first.token.id, actor });
      await createProvisioningToken({ orgId: ORG, name: "jumpcloud", actor });
    });

    it("refuses an empty or long name", async () => {
      await expect(createProvisioningToken({ orgId: ORG, name: "   ", actor })).rejects.toMatchObject({
        code: "invalid_input",
      });
      await expect(
        createProvisioningToken({ orgId: ORG, name: "x".repeat(61), actor }),
      ).rejects.toMatchObject({
        code: "invalid_input",
      });
    });

    it("revokes at once (the next authentication is refused), once audited; another org's token is 404", async () => {
      const { token, secret } = await createProvisioningToken({ orgId: ORG, name: "to-revoke", actor });
      expect(await authenticateProvisioningToken(secret, null)).not.toBeNull();
      await expect(
        revokeProvisioningToken({ orgId: OTHER_ORG, tokenId: token.id, actor }),
      ).rejects.toMatchObject({ code: "not_found" });
      const revoked = await revokeProvisioningToken({ orgId: ORG, tokenId: token.id, actor });
      expect(revoked).toMatchObject({ state: "revoked" });
      expect(revoked.revokedAt).not.toBeNull();
      expect(await authenticateProvisioningToken(secret, null)).toBeNull();
      const again = await revokeProvisioningToken({ orgId: ORG, tokenId: token.id, actor });
      expect(again.revokedAt).toBe(revoked.revokedAt);
      const db = await getDb();
      const audits = await db.select().from(auditRows).where(eq(auditRows.targetId, token.id));
      expect(audits.map((a) => a.action).sort()).toEqual([
        "provisioning.token_created",
        "provisioning.token_revoked",
      ]);
    });
  });
});

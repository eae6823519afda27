import "server-only";
import { and, eq, ne, sql } from "drizzle-orm";
import type { Grants } from "@/lib/schemas/grants";
import type { PresetInput } from "@/lib/schemas/presets";
import { HttpError } from "../api/errors";
import type { Db } from "../db";
import { orgPresets } from "../db/schema";
import type { OrgDirectory } from "./resolve";

// What create.ts and update.ts share: the name rule, the check of the grants against the org, and moving the
// default (inside the caller's transaction, so that the org never has two defaults nor loses one half-way).

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const grantsOfInput = (input: PresetInput): Grants => ({
  orgRoles: [...input.orgRoles],
  teamIds: [...input.teamIds],
  projectRoles: input.projectRoles.map((p) => ({ projectId: p.projectId, roles: [...p.roles] })),
});

function nameTaken(name: string): HttpError {
  const message = `Another preset of this org is already called “${name}”.`;
  return new HttpError({ code: "conflict", message, fields: { name: message } });
}

/** Names are unique per org whatever their case (the index org_presets_name_uq says the same). */
export async function assertNameFree(tx: Tx, orgId: string, name: string, exceptId: string | null) {
  const same = await tx
    .select({ id: orgPresets.id })
    .from(orgPresets)
    .where(
      and(
        eq(orgPresets.orgId, orgId),
        sql`lower(${orgPresets.name}) = lower(${name})`,
        exceptId ? ne(orgPresets.id, exceptId) : undefined,
      ),
    );
  if (same.length > 0) throw nameTaken(name);
}

/** A save that raced another one (SQLSTATE 23505: the same name, or a second default) as a 409. */
export function mapUniqueViolation(e: unknown, name: string): unknown {
  type PgError = { code?: unknown; constraint?: unknown; message?: unknown; cause?: unknown };
  for (let cur = e as PgError | undefined, i = 0; cur && i < 4; i++) {
    if (cur.code === "23505") {
      const text = `${String(cur.constraint ?? "")} ${String(cur.message ?? "")}`;
      if (text.includes("org_presets_default_uq")) {
        return new HttpError({
          code: "conflict",
          message: "Another admin changed the default preset at the same moment. Try again.",
        });
      }
      return nameTaken(name);
    }
    cur = cur.cause as PgError | undefined;
  }
  return e;
}

/** A new or changed preset may only name the org's teams and projects (a stale one is fixed by removing them). */
export function assertGrantsInOrg(grants: Grants, dir: OrgDirectory): void {
  const fields: Record<string, string> = {};
  grants.teamIds.forEach((id, i) => {
    if (!dir.teamIds.has(id)) fields[`teamIds.${i}`] = `team ${id} is not in this org`;
  });
  grants.projectRoles.forEach((p, i) => {
    if (!dir.projectIds.has(p.projectId))
      fields[`projectRoles.${i}.projectId`] = `project ${p.projectId} is not in this org`;
  });
  const first = Object.values(fields)[0];
  if (first) {
    throw new HttpError({
      code: "invalid_input",
      message: `The preset names what this org does not have: ${Object.values(fields).join("; ")}.`,
      fields,
    });
  }
}

/** Clears the org's default (before another preset becomes it). */
export async function clearDefault(tx: Tx, orgId: string, now: Date): Promise<void> {
  await tx
    .update(orgPresets)
    .set({ isDefault: false, updatedAt: now })
    .where(and(eq(orgPresets.orgId, orgId), eq(orgPresets.isDefault, true)));
}

import "server-only";
import { and, asc, eq } from "drizzle-orm";
import type { Preset } from "@/lib/schemas/presets";
import { HttpError } from "../api/errors";
import { getDb } from "../db";
import { orgPresets } from "../db/schema";
import { presetOf, readOrgDirectory } from "./resolve";

/** The org's presets by name, each with `stale` computed from the org's live teams and projects. */
export async function listPresets({ orgId }: { orgId: string }): Promise<Preset[]> {
  const db = await getDb();
  const [rows, dir] = await Promise.all([
    db.select().from(orgPresets).where(eq(orgPresets.orgId, orgId)).orderBy(asc(orgPresets.name)),
    readOrgDirectory(orgId),
  ]);
  return rows.map((row) => presetOf(row, dir));
}

/** One preset of the org, checked like the list; 404 when the org has no such preset. */
export async function getPreset({ orgId, presetId }: { orgId: string; presetId: string }): Promise<Preset> {
  const db = await getDb();
  const [rows, dir] = await Promise.all([
    db
      .select()
      .from(orgPresets)
      .where(and(eq(orgPresets.orgId, orgId), eq(orgPresets.id, presetId))),
    readOrgDirectory(orgId),
  ]);
  const row = rows[0];
  if (!row) throw presetNotFound();
  return presetOf(row, dir);
}

export const presetNotFound = () =>
  new HttpError({ code: "not_found", message: "This org has no such preset (it may have been deleted)." });

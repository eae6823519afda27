import "server-only";
import type { PathParams, TemplateName } from "./templates";

// The rate-limit budget Atlas last reported per (connection, org, endpoint): RateLimit-Limit and
// RateLimit-Remaining come with every answer (REFERENCE.md §6; Atlas may leave them out, then nothing is
// known). lib/server/atlas/http.ts records every answer here; the bulk job (lib/server/bulk/work-run.ts) paces
// its creates by it, so that a long run leaves the org's interactive users some of the bucket.

export interface ObservedBudget {
  limit: number | null;
  remaining: number;
  /** When it was seen (ms, our clock). */
  at: number;
}

const KEY = Symbol.for("invite-console.atlas-budget");
const seen: Map<string, ObservedBudget> = ((globalThis as Record<symbol, unknown>)[KEY] ??= new Map()) as Map<
  string,
  ObservedBudget
>;

const keyOf = (connectionId: string, template: TemplateName, scope: string) =>
  `${connectionId}\u0000${template}\u0000${scope}`;

function headerInt(headers: Headers, name: string): number | null {
  const v = headers.get(name)?.trim();
  return v && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

/** Records the budget one answer reports (never throws). */
export function observeBudget(
  connectionId: string,
  template: TemplateName,
  params: PathParams | undefined,
  headers: Headers,
): void {
  const remaining = headerInt(headers, "ratelimit-remaining");
  if (remaining === null) return;
  const scope = params?.orgId ?? params?.groupId ?? "";
  seen.set(keyOf(connectionId, template, scope), {
    limit: headerInt(headers, "ratelimit-limit"),
    remaining,
    at: Date.now(),
  });
  // A bounded map: connections × orgs × templates stays small, but never let it grow without end.
  if (seen.size > 10_000) seen.delete(seen.keys().next().value as string);
}

/** The budget last seen for this endpoint of this org, or null. */
export function observedBudget(
  connectionId: string,
  template: TemplateName,
  orgId: string,
): ObservedBudget | null {
  return seen.get(keyOf(connectionId, template, orgId)) ?? null;
}

import "server-only";
import SCIMMY from "scimmy";
import { ScimError } from "./errors";

// SCIM filters (RFC 7644 §3.4.2.2) are parsed by SCIMMY, never by hand. SCIMMY matches values case-sensitively,
// while userName, displayName, e-mails and most attributes are caseExact false (RFC 7643): so a filter is
// matched against lower-cased copies, with the values of case-insensitive attributes lower-cased in the
// expression too. `id`, `externalId` and member or group ids are caseExact and stay as they are.

type Expression = Record<string, unknown>;
const EXACT = new Set(["id", "externalid", "members.value", "groups.value", "manager.value"]);
const NO_VALUE_OPS = new Set(["pr", "np"]);
const OPS = new Set(["eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le", "pr", "np"]);

/** The parsed filter, or null for an absent or empty one (Entra sends `filter=` on start-up). */
export function parseFilter(expression: string | null): InstanceType<typeof SCIMMY.Types.Filter> | null {
  if (expression === null || expression.trim() === "") return null;
  // SCIMMY drops a dangling logical operator ("userName eq \"x\" and"): refused here.
  if (/(^|\s)(and|or|not)\s*$/i.test(expression.trim()) || /^(and|or)\s/i.test(expression.trim())) {
    throw new ScimError(400, "invalidFilter", "The filter ends or starts with a logical operator.");
  }
  let filter: InstanceType<typeof SCIMMY.Types.Filter>;
  try {
    filter = new SCIMMY.Types.Filter(expression);
  } catch (e) {
    const message =
      e instanceof Error && e.name === "SCIMError"
        ? e.message
        : "The filter is not valid SCIM filter syntax.";
    throw new ScimError(400, "invalidFilter", message);
  }
  // SCIMMY accepts a comparison without its value ("userName eq"): refused here.
  const check = (node: unknown): void => {
    if (Array.isArray(node)) {
      const parts = node[0] === "not" ? node.slice(1) : node;
      const op = String(parts[0] ?? "").toLowerCase();
      if (!OPS.has(op)) throw new ScimError(400, "invalidFilter", `Unknown operator "${op}" in the filter.`);
      if (!NO_VALUE_OPS.has(op) && parts.length < 2) {
        throw new ScimError(400, "invalidFilter", `The "${op}" comparison needs a value.`);
      }
      return;
    }
    if (node && typeof node === "object") for (const v of Object.values(node)) check(v);
  };
  for (const branch of filter) check(branch);
  return filter;
}

function lowerExpression(node: unknown, path: string): unknown {
  if (Array.isArray(node)) {
    if (EXACT.has(path)) return node;
    return node.map((v, i) => (i > 0 && typeof v === "string" ? v.toLowerCase() : v));
  }
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node as Expression).map(([k, v]) => [
        k,
        lowerExpression(v, path ? `${path}.${k.toLowerCase()}` : k.toLowerCase()),
      ]),
    );
  }
  return node;
}

function lowerResource(node: unknown, path: string): unknown {
  if (typeof node === "string") return EXACT.has(path) ? node : node.toLowerCase();
  if (Array.isArray(node)) return node.map((v) => lowerResource(v, path));
  if (node instanceof Date) return node;
  if (node && typeof node === "object") {
    return Object.fromEntries(
      Object.entries(node as Expression).map(([k, v]) => [
        k,
        lowerResource(v, path ? `${path}.${k.toLowerCase()}` : k.toLowerCase()),
      ]),
    );
  }
  return node;
}

/** The resources the filter selects, compared without regard to case where SCIM says so. */
export function matchFilter<T extends { id: string }>(
  filter: InstanceType<typeof SCIMMY.Types.Filter>,
  resources: T[],
): T[] {
  const lowered = new SCIMMY.Types.Filter(filter.map((branch: unknown) => lowerExpression(branch, "")));
  const copies = resources.map((r) => lowerResource(r, "") as T);
  const ids = new Set((lowered.match(copies) as T[]).map((r) => r.id));
  return resources.filter((r) => ids.has(r.id));
}

/**
 * The one comparison IdPs send before every create (`userName eq "…"`, `externalId eq "…"`,
 * `displayName eq "…"`), answered by an indexed query instead of a scan: the attribute and value, or null.
 */
export function simpleEquality(
  filter: InstanceType<typeof SCIMMY.Types.Filter> | null,
): { attribute: "userName" | "externalId" | "displayName" | "id"; value: string } | null {
  if (!filter || filter.length !== 1) return null;
  const branch = filter[0] as Expression;
  const keys = Object.keys(branch);
  if (keys.length !== 1) return null;
  const attribute = keys[0]!;
  const cmp = branch[attribute];
  if (!Array.isArray(cmp) || cmp.length !== 2 || String(cmp[0]).toLowerCase() !== "eq") return null;
  if (typeof cmp[1] !== "string") return null;
  if (
    attribute !== "userName" &&
    attribute !== "externalId" &&
    attribute !== "displayName" &&
    attribute !== "id"
  )
    return null;
  return { attribute, value: cmp[1] };
}

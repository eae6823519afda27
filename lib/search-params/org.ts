import { createParser, createSerializer } from "nuqs/server";
import { ATLAS_ID } from "@/lib/schemas/atlas-id";

// The org a console-wide page works in, carried as `?org=` by links between pages (the switcher and the way back
// to the invitations keep it, also in a new tab or a typed URL). Anything but an Atlas id reads as no org.

export const parseAsOrgId = createParser({
  parse: (v: string) => (ATLAS_ID.test(v) ? v : null),
  serialize: (v: string) => v,
});

export const orgParsers = { org: parseAsOrgId };

const serializeOrg = createSerializer(orgParsers);

/** `/audit` → `/audit?org=…` when an org is known; the path alone otherwise. */
export function withOrg(path: string, org: string | null): string {
  return serializeOrg(path, { org });
}

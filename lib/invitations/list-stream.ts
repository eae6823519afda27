import {
  INVITATION_SOURCES,
  INVITED_VIA,
  INVITES_APIS,
  type InvitesApi,
} from "@/lib/schemas/invitation-enums";
import type { Invitation, InvitationList } from "@/lib/schemas/invitations";

// The pending list streamed page by page (docs/api.md, "The pending list as a stream"): GET
// /api/orgs/{orgId}/invitations?stream=ndjson answers application/x-ndjson, one JSON value a line:
//   {"api":"users","total":10012}          first: the API, and how many Atlas counted (may grow)
//   {"rows":[[…],[…]]}                      one line per Atlas page, each invitation a compact row
//   {"end":{"count":10012}}                 last, only when every page was read
//   {"status":503,"error":{"code":…,…}}     instead of "end" when a page failed: the error the JSON answer
//                                          would have been (status and envelope); the list is incomplete
// A compact row is an array in ROW_FIELDS order with the trailing empty fields left off: the names of the
// fields are not repeated 10,000 times, and the browser parses a third less.

export const LIST_STREAM_TYPE = "application/x-ndjson";

/**
 * Whether an Accept header asks for the stream: one of its media ranges is exactly LIST_STREAM_TYPE (any case,
 * parameters after ";" aside) and not refused with q=0. A substring test also took "application/x-ndjson-seq"
 * and "application/x-ndjson;q=0" as a request for it.
 */
export function acceptsListStream(accept: string | null): boolean {
  if (!accept) return false;
  return accept.split(",").some((range) => {
    const [type, ...params] = range.split(";").map((p) => p.trim().toLowerCase());
    if (type !== LIST_STREAM_TYPE) return false;
    const q = params.find((p) => /^q\s*=/.test(p));
    return q === undefined || Number(q.slice(q.indexOf("=") + 1).trim()) > 0;
  });
}

/** The fields every compact row holds (null when absent), first and in this order. */
export const ROW_REQUIRED_FIELDS = [
  "id",
  "source",
  "email",
  "orgRoles",
  "teamIds",
  "projectRoles",
  "inviter",
  "createdAt",
  "expiresAt",
] as const;

/** The order of a compact row's fields: the required ones, then those left off at the end when empty. */
export const ROW_FIELDS = [
  ...ROW_REQUIRED_FIELDS,
  "invitedByConsoleUser",
  "invitedByConnection",
  "invitedVia",
  "firstInvitedBy",
] as const;

type CompactRow = unknown[];

/** One invitation as a compact row: project roles as [projectId, roles] pairs, absent fields as null. */
export function toCompactRow(i: Invitation): CompactRow {
  const row: unknown[] = [
    i.id,
    i.source,
    i.email,
    i.orgRoles,
    i.teamIds,
    i.projectRoles.map((p) => [p.projectId, p.roles]),
    i.inviter,
    i.createdAt,
    i.expiresAt,
    i.invitedByConsoleUser ?? null,
    i.invitedByConnection ?? null,
    i.invitedVia ?? null,
    i.firstInvitedBy ?? null,
  ];
  while (row.length > ROW_REQUIRED_FIELDS.length && row[row.length - 1] === null) row.pop();
  return row;
}

/** A line of the stream that is not what the console sends (a proxy's page, a cut line). */
export const LIST_STREAM_ERROR_BRAND = "invite-console/ListStreamError";

export class ListStreamError extends Error {
  readonly brand = LIST_STREAM_ERROR_BRAND;
  constructor(message = "The console answered something unexpected. Reload the page.") {
    super(message);
    this.name = "ListStreamError";
  }
}

const isString = (v: unknown): v is string => typeof v === "string";
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const optional = (v: unknown): string | undefined => {
  if (v === null || v === undefined) return undefined;
  if (!isString(v)) throw new ListStreamError();
  return v;
};
const oneOf = <T extends string>(values: readonly T[], v: unknown): T => {
  if (!values.includes(v as T)) throw new ListStreamError();
  return v as T;
};

/** A compact row back into an invitation; throws ListStreamError for anything else (no half-trusted rows). */
export function fromCompactRow(row: unknown): Invitation {
  if (!Array.isArray(row) || row.length < ROW_REQUIRED_FIELDS.length) throw new ListStreamError();
  const [id, source, email, orgRoles, teamIds, projectRoles, inviter, createdAt, expiresAt] = row;
  if (!isString(id) || !isString(email) || !isString(createdAt)) throw new ListStreamError();
  if (!isStrings(orgRoles) || !isStrings(teamIds) || !Array.isArray(projectRoles))
    throw new ListStreamError();
  if (!(inviter === null || isString(inviter)) || !(expiresAt === null || isString(expiresAt))) {
    throw new ListStreamError();
  }
  const out: Invitation = {
    id,
    source: oneOf(INVITATION_SOURCES, source),
    email,
    orgRoles,
    teamIds,
    projectRoles: projectRoles.map((p: unknown) => {
      if (!Array.isArray(p) || !isString(p[0]) || !isStrings(p[1])) throw new ListStreamError();
      return { projectId: p[0], roles: p[1] };
    }),
    inviter,
    createdAt,
    expiresAt,
  };
  const consoleUser = optional(row[9]);
  const connection = optional(row[10]);
  const via = row[11] === null || row[11] === undefined ? undefined : oneOf(INVITED_VIA, row[11]);
  const first = optional(row[12]);
  if (consoleUser !== undefined) out.invitedByConsoleUser = consoleUser;
  if (connection !== undefined) out.invitedByConnection = connection;
  if (via !== undefined) out.invitedVia = via;
  if (first !== undefined) out.firstInvitedBy = first;
  return out;
}

/** The stream's lines as the server writes them. */
export const listStreamLines = {
  head: (api: InvitesApi, total: number) => `${JSON.stringify({ api, total })}\n`,
  rows: (invitations: readonly Invitation[]) =>
    `${JSON.stringify({ rows: invitations.map(toCompactRow) })}\n`,
  end: (count: number) => `${JSON.stringify({ end: { count } })}\n`,
  error: (status: number, envelope: { error: unknown }) => `${JSON.stringify({ status, ...envelope })}\n`,
};

/** One line of the stream, read. */
export type ListStreamChunk =
  | { kind: "head"; api: InvitesApi; total: number }
  | { kind: "rows"; invitations: Invitation[] }
  | { kind: "end"; count: number }
  | { kind: "error"; status: number; envelope: { error: Record<string, unknown> } };

export function parseListLine(line: string): ListStreamChunk {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ListStreamError();
  }
  if (typeof value !== "object" || value === null) throw new ListStreamError();
  const v = value as Record<string, unknown>;
  if (Array.isArray(v.rows)) return { kind: "rows", invitations: v.rows.map(fromCompactRow) };
  if (isString(v.api) && typeof v.total === "number") {
    return { kind: "head", api: oneOf(INVITES_APIS, v.api), total: v.total };
  }
  const end = v.end as { count?: unknown } | undefined;
  if (end && typeof end.count === "number") return { kind: "end", count: end.count };
  if (typeof v.error === "object" && v.error !== null && typeof v.status === "number") {
    return { kind: "error", status: v.status, envelope: { error: v.error as Record<string, unknown> } };
  }
  throw new ListStreamError();
}

/** Splits a byte stream into its lines (the last one may arrive in several reads). */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffered += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let nl = buffered.indexOf("\n");
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim() !== "") yield line;
        nl = buffered.indexOf("\n");
      }
      if (done) break;
    }
    if (buffered.trim() !== "") yield buffered;
  } finally {
    reader.releaseLock();
  }
}

/**
 * The pending list while it streams: `progress` is set until the "end" line arrived (how many rows are in
 * and how many Atlas counted); a list with `progress` is incomplete, and nothing that needs every row
 * (selection, bulk actions, counts, the drawer's stale-link check, the invite form's duplicates) uses it.
 */
export type StreamedList = InvitationList & { progress?: { loaded: number; total: number } };

/** The reducer of the stream's chunks (the reader turns an "error" line into the API's error first). */
export function mergeListChunk(list: StreamedList | undefined, chunk: ListStreamChunk): StreamedList {
  const current = list ?? { api: "users", invitations: [], progress: { loaded: 0, total: 0 } };
  switch (chunk.kind) {
    case "head":
      return { api: chunk.api, invitations: [], progress: { loaded: 0, total: chunk.total } };
    case "rows": {
      const invitations = current.invitations.concat(chunk.invitations);
      const total = Math.max(current.progress?.total ?? 0, invitations.length);
      return { ...current, invitations, progress: { loaded: invitations.length, total } };
    }
    case "end": {
      // A count that differs from the rows received means lost lines: never shown as the whole list.
      if (chunk.count !== current.invitations.length) throw new ListStreamError();
      return { api: current.api, invitations: current.invitations };
    }
    case "error":
      throw new ListStreamError();
  }
}

export const isComplete = (list: StreamedList | undefined): list is InvitationList =>
  list !== undefined && list.progress === undefined;

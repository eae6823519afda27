// Output as the Atlas CLI prints it: its default text goes through Go's tabwriter (minimum cell width 6,
// padding 3, spaces), `-o json` is the answer indented by two spaces.

import { UsageError } from "./args.mjs";

const MIN_WIDTH = 6;
const PADDING = 3;

/** Rows of cells aligned in columns; the last column is not padded (as tabwriter leaves the text after the last tab). */
export function renderTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => (c === null || c === undefined ? "" : String(c))));
  const widths = header.map((_, i) => Math.max(MIN_WIDTH, ...all.map((r) => (r[i] ?? "").length + PADDING)));
  return all
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join(""))
    .join("\n")
    .concat("\n");
}

export const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** The -o values this CLI prints; the Atlas CLI's json-path and go-template are not offered. */
export function checkOutput(value, usage) {
  if (value === undefined || value === "" || value === "json") return;
  throw new UsageError(
    `output format "${value}" is not supported: use -o json, or leave -o out for text`,
    usage,
  );
}

/**
 * Prints a command's answer: the console's envelope with --envelope, its JSON with -o json, else the text.
 * `result` is { json, text, envelope? }.
 */
export function emit(ctx, result) {
  if (ctx.flags.envelope && result.envelope !== undefined) ctx.io.stdout.write(json(result.envelope));
  else if (ctx.flags.output === "json") ctx.io.stdout.write(json(result.json));
  else ctx.io.stdout.write(result.text);
}

/** The invitations table of `list` and `describe` (the Atlas CLI's columns; USERNAME is the e-mail address). */
export const invitationsTable = (invitations) =>
  renderTable(
    ["ID", "USERNAME", "CREATED AT", "EXPIRES AT"],
    invitations.map((i) => [i.id, i.email, i.createdAt, i.expiresAt ?? ""]),
  );

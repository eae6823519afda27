// `invite --file people.csv`: the console's bulk import. Plan (POST .../bulk: a dry run, nothing sent), then
// start (POST .../bulk/{runId}/start) and poll the run each second, progress on stderr, the summary on stdout.
// The run is the console's durable job: stopping the CLI (Ctrl-C) does not stop it.

import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { projectRolesOf } from "../args.mjs";
import { ApiError } from "../http.mjs";
import { renderTable } from "../output.mjs";

const POLL_MS = 1000;
const FINAL = new Set(["done", "cancelled", "paused"]);

const BUCKET_LABELS = {
  ready: "Ready",
  invalid: "Invalid",
  duplicate: "Duplicate in the file",
  already_member: "Already a member",
  already_invited: "Already invited",
  blocked: "Blocked by policy",
  needs_approval: "Needs approval",
};

export const planText = (run) =>
  `Dry run: nothing sent. Run ${run.id} planned: ${run.total} rows.\n` +
  renderTable(
    ["BUCKET", "ROWS"],
    Object.entries(run.buckets).map(([bucket, n]) => [BUCKET_LABELS[bucket] ?? bucket, n]),
  );

export function summaryText(run) {
  const s = run.states;
  const lines = [
    `Bulk run ${run.id} ${run.status}: ${s.done} sent, ${s.failed} failed, ${s.skipped} skipped, ${s.held} held, ${s.cancelled} cancelled (${run.total} rows).`,
    ...run.failures.map(
      (f) => `  ${f.count} × ${f.reason}${f.atlasErrorCode ? ` (${f.atlasErrorCode})` : ""}`,
    ),
  ];
  return `${lines.join("\n")}\n`;
}

const progressLine = (run) =>
  `Run ${run.id}: ${run.status}, ${run.progress.done}/${run.progress.toSend} finished, ${run.states.failed} failed` +
  (run.progress.waitingUntil ? `, waiting for Atlas's rate limit until ${run.progress.waitingUntil}` : "");

async function readCsv(path) {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    throw new ApiError({
      code: "file",
      message: `Could not read ${path}: ${e.code === "ENOENT" ? "no such file" : e.message}`,
    });
  }
}

export async function runImport(ctx, orgId, file, sleep = (ms) => new Promise((r) => setTimeout(r, ms))) {
  const { flags, io } = ctx;
  const base = `/api/orgs/${encodeURIComponent(orgId)}/bulk`;
  const client = await ctx.client();
  const plan = await client.post(base, {
    label: basename(file),
    csv: await readCsv(file),
    defaults: {
      orgRoles: flags.role?.length ? flags.role : ["ORG_MEMBER"],
      teamIds: flags.teamId ?? [],
      projectRoles: projectRolesOf(flags.projectRole, ctx.usage),
      presetId: null,
    },
  });
  let run = plan.data.run;
  if (flags["dry-run"]) return { json: plan.data, envelope: plan.raw, text: planText(run) };

  let last = await client.post(`${base}/${run.id}/start`);
  run = last.data.run;
  io.stderr.write(`Started bulk run ${run.id} (${run.progress.toSend} to send).\n`);
  let shown = "";
  while (!FINAL.has(run.status)) {
    await sleep(POLL_MS);
    last = await client.get(`${base}/${run.id}`);
    run = last.data.run;
    const line = progressLine(run);
    if (line !== shown) io.stderr.write(`${line}\n`);
    shown = line;
  }
  const ok = run.status === "done" && run.states.failed === 0;
  return { json: last.data, envelope: last.raw, text: summaryText(run), exitCode: ok ? 0 : 1 };
}

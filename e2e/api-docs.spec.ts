// docs/api.md's curl examples, run as written (bash and curl) against the built console with a personal API
// token, in the order the page gives them: each must succeed (curl --fail-with-body), and each JSON answer must
// match the OpenAPI document the console serves. Only the Idempotency-Key is made unique per run (a replay
// would answer the first run's invitation).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "./fixtures";
import { ORG_ID } from "./support/atlas";
import { adminApi } from "./support/auth";
import { loadContract } from "./support/contract";

const run = promisify(execFile);

/** The ```sh blocks of docs/api.md that call curl, in order. */
function curlExamples(): string[] {
  const md = readFileSync(join(process.cwd(), "docs", "api.md"), "utf8");
  return [...md.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1]!.trim())
    .filter((b) => b.startsWith("curl"));
}

/** Method and path of a block (for the contract check), with the variables filled in. */
function requestOf(block: string, env: Record<string, string>): { method: string; path: string } {
  const method = /-X (\w+)/.exec(block)?.[1] ?? "GET";
  const raw = /"(\$CONSOLE[^"]*)"/.exec(block)![1]!;
  const url = raw.replace(/\$(\w+)/g, (_, name: string) => env[name] ?? "");
  return { method, path: new URL(url).pathname };
}

test("docs/api.md: every curl example runs against the console with a token, and answers as documented", async ({
  baseURL,
  sim,
}) => {
  test.setTimeout(120_000);
  await sim.reset();
  const admin = await adminApi(baseURL!);
  const made = await admin.post("/api/account/tokens", {
    data: { name: `api-docs-${Date.now()}`, expiresInDays: 1 },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { token } = (await made.json()) as { token: string };
  const check = await loadContract(admin);
  const dir = mkdtempSync(join(tmpdir(), "api-docs-"));
  const env: Record<string, string> = {
    CONSOLE: baseURL!,
    TOKEN: token,
    ORG: ORG_ID,
    INVITATION: "",
    RUN: "",
  };
  const blocks = curlExamples();
  expect(blocks.length).toBeGreaterThanOrEqual(10);

  const exec = async (block: string) => {
    const script = block.replace(/Idempotency-Key: [\w-]+/, `Idempotency-Key: docs-${Date.now()}`);
    // curl as written, but a 4xx/5xx answer is a failure of the example.
    const { stdout } = await run(
      "bash",
      ["-c", `set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n${script}`],
      {
        cwd: dir,
        env: { PATH: process.env.PATH!, ...env } as unknown as NodeJS.ProcessEnv,
      },
    ).catch((e: { stdout?: string; stderr?: string; code?: number }) => {
      throw new Error(`example failed (exit ${e.code}):\n${block}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
    });
    return stdout;
  };

  let ran = 0;
  for (const block of blocks) {
    let out = await exec(block);
    const { method, path } = requestOf(block, env);
    // Progress: read again until the run is done.
    if (method === "GET" && /\/bulk\/\$RUN"/.test(block)) {
      for (let i = 0; i < 60 && (JSON.parse(out) as { run: { status: string } }).run.status !== "done"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        out = await exec(block);
      }
      expect((JSON.parse(out) as { run: { status: string } }).run.status).toBe("done");
    }
    ran++;
    if (block.includes("-o openapi.json")) {
      const doc = JSON.parse(readFileSync(join(dir, "openapi.json"), "utf8")) as { openapi: string };
      expect(doc.openapi).toMatch(/^3\.1/);
      continue;
    }
    if (out.trim() === "") continue; // 204
    const body = JSON.parse(out) as Record<string, any>;
    // curl does not print the status: the answer must match one of the operation's documented successes.
    const outcomes = [200, 201, 202].map((status) => check(method, path, status, "application/json", body));
    expect(
      outcomes.some((p) => p.length === 0),
      `${block}\n${outcomes.flat().join("\n")}`,
    ).toBe(true);
    // What later examples need: the invitation (new after an edit or a renew) and the run.
    const invitation = body.results?.[0]?.invitation ?? body.invitation;
    if (invitation?.id) env.INVITATION = invitation.id as string;
    if (body.run?.id && !env.RUN) env.RUN = body.run.id as string;
  }
  expect(ran).toBe(blocks.length);
  // The invitations were sent as the token's owner: the audit names the token.
  const audit = await admin.get("/api/audit?action=invitation.created");
  const rows = ((await audit.json()) as { rows: { targetEmail: string; tokenName: string | null }[] }).rows;
  expect(rows.find((r) => r.targetEmail === "api.example@example.com")?.tokenName).toMatch(/^api-docs-/);
  await admin.dispose();
});

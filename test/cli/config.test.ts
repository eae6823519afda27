// Profiles: config init writes the file 0600 in a 0700 directory under XDG_CONFIG_HOME, commands read it,
// the environment overrides it, and no command prints the token back.
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configPath, readConfig, resolveProfile, saveProfile } from "../../cli/src/config.mjs";
import { ORG, TOKEN, runCli } from "./fake-console";

const home = () => mkdtemp(join(tmpdir(), "cli-config-"));
const noEnv = (dir: string) => ({ XDG_CONFIG_HOME: dir, INVITE_CONSOLE_URL: "", INVITE_CONSOLE_TOKEN: "" });

describe("config init", () => {
  it("asks URL, token and org (piped), writes 0600 in a 0700 directory, and commands then use it", async () => {
    const dir = await home();
    const r = await runCli(["config", "init"], {
      env: noEnv(dir),
      input: `http://console.test/\n${TOKEN}\n${ORG}\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    const path = join(dir, "invite-console", "config.json");
    expect(r.stdout).toBe(`Profile 'default' saved in ${path}.\n`);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "invite-console"))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      profiles: { default: { url: "http://console.test", token: TOKEN, orgId: ORG } },
    });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);

    const list = await runCli(["orgs", "invitations", "list"], { env: noEnv(dir) });
    expect(list.code, list.stderr).toBe(0);
    expect(list.calls[0]!.path).toBe(`/api/orgs/${ORG}/invitations`);
    expect(list.calls[0]!.headers.Authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("--profile NAME keeps the other profiles; describe and list never show the token", async () => {
    const dir = await home();
    await runCli(["config", "init"], { env: noEnv(dir), input: `http://a.test\n${TOKEN}\n\n` });
    const r = await runCli(["config", "init", "--profile", "prod"], {
      env: noEnv(dir),
      input: `http://b.test\nic_prodToken\n\n`,
    });
    expect(r.code, r.stderr).toBe(0);
    const config = await readConfig(configPath({ XDG_CONFIG_HOME: dir }));
    expect(Object.keys(config.profiles)).toEqual(["default", "prod"]);

    const described = await runCli(["config", "describe", "-o", "json"], { env: noEnv(dir) });
    expect(JSON.parse(described.stdout)).toEqual({
      name: "default",
      url: "http://a.test",
      orgId: "",
      token: "set",
    });
    const listed = await runCli(["config", "list"], { env: noEnv(dir) });
    expect(listed.stdout).toMatch(
      /^PROFILE\s+URL\s+ORG ID\ndefault\s+http:\/\/a\.test\s+\nprod\s+http:\/\/b\.test\s+\n$/,
    );
    expect(listed.stdout + described.stdout).not.toContain(TOKEN);

    const used = await runCli(["-P", "prod", "orgs", "invitations", "list", "--orgId", ORG], {
      env: noEnv(dir),
    });
    expect(used.calls[0]!.headers.Authorization).toBe("Bearer ic_prodToken");
  });

  it("refuses a token that is not a console token, and a URL that is not http(s): exit 2, nothing written", async () => {
    const dir = await home();
    const bad = await runCli(["config", "init"], {
      env: noEnv(dir),
      input: "http://a.test\nnot-a-token\n\n",
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("start with ic_");
    const url = await runCli(["config", "init"], { env: noEnv(dir), input: `ftp://a.test\n${TOKEN}\n\n` });
    expect(url.code).toBe(2);
    await expect(stat(join(dir, "invite-console", "config.json"))).rejects.toThrow();
  });

  it("describe of a missing profile exits 1", async () => {
    const r = await runCli(["config", "describe", "nope"], { env: noEnv(await home()) });
    expect(r.code).toBe(1);
  });
});

describe("profiles", () => {
  it("the environment wins over the file", () => {
    const config = { profiles: { default: { url: "http://file.test", token: "ic_file", orgId: ORG } } };
    expect(resolveProfile(config, "default", {})).toMatchObject({
      url: "http://file.test",
      token: "ic_file",
      orgId: ORG,
    });
    expect(
      resolveProfile(config, "default", {
        INVITE_CONSOLE_URL: "http://env.test",
        INVITE_CONSOLE_TOKEN: "ic_env",
        INVITE_CONSOLE_ORG_ID: "5f1000000000000000000001",
      }),
    ).toMatchObject({ url: "http://env.test", token: "ic_env", orgId: "5f1000000000000000000001" });
  });

  it("the path is under XDG_CONFIG_HOME, else ~/.config", () => {
    expect(configPath({ XDG_CONFIG_HOME: "/x" })).toBe("/x/invite-console/config.json");
    expect(configPath({ HOME: "/home/u" })).toBe("/home/u/.config/invite-console/config.json");
  });

  it("a file others can read is reported, and rewritten 0600 on save", async () => {
    const dir = await home();
    const path = configPath({ XDG_CONFIG_HOME: dir });
    await saveProfile(path, "default", { url: "http://a.test", token: TOKEN });
    const { chmod } = await import("node:fs/promises");
    await chmod(path, 0o644);
    const warnings: string[] = [];
    await readConfig(path, (w) => warnings.push(w));
    expect(warnings[0]).toContain("can be read by other users");
    await saveProfile(path, "other", { url: "http://b.test", token: "ic_b" });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("an unreadable JSON file is named, not a stack trace", async () => {
    const dir = await home();
    const path = configPath({ XDG_CONFIG_HOME: dir });
    await saveProfile(path, "default", { url: "http://a.test", token: TOKEN });
    await writeFile(path, "{oops");
    const r = await runCli(["orgs", "invitations", "list", "--orgId", ORG], { env: noEnv(dir) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is not valid JSON");
  });
});

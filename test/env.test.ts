// lib/server/env.ts: a bad URL or cron stops start-up with a message that names the variable.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/server/env";

const WEBHOOK_SECRET = "0123456789abcdef";

describe("URL-valued variables", () => {
  it("accept http(s) origins, loopback included, and refuse anything else by name", () => {
    expect(parseEnv({ CONSOLE_URL: "http://127.0.0.1:3000" }).CONSOLE_URL).toBe("http://127.0.0.1:3000");
    expect(parseEnv({ OIDC_ISSUER: "https://idp.example.com/realm" }).OIDC_ISSUER).toBe(
      "https://idp.example.com/realm",
    );
    for (const bad of ["not a url", "javascript:alert(1)", "http:example.com", "ftp://files.example.com"]) {
      expect(() => parseEnv({ CONSOLE_URL: bad })).toThrow(
        /CONSOLE_URL: must be an http:\/\/ or https:\/\/ URL/,
      );
      expect(() => parseEnv({ OIDC_ISSUER: bad })).toThrow(
        /OIDC_ISSUER: must be an http:\/\/ or https:\/\/ URL/,
      );
    }
  });

  it("SMTP_URL is smtp:// or smtps:// with a host", () => {
    const ok = parseEnv({ SMTP_URL: "smtps://u:p@mail.example.com:465", NOTIFY_FROM: "c@example.com" });
    expect(ok.SMTP_URL).toBe("smtps://u:p@mail.example.com:465");
    for (const bad of ["smtp://", "https://mail.example.com", "mail.example.com:587"]) {
      expect(() => parseEnv({ SMTP_URL: bad, NOTIFY_FROM: "c@example.com" })).toThrow(
        /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
      );
    }
  });

  it("NOTIFY_WEBHOOK_URL is http(s) without credentials", () => {
    const ok = { NOTIFY_WEBHOOK_URL: "http://localhost:9000/hook", NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET };
    expect(parseEnv(ok).NOTIFY_WEBHOOK_URL).toBe("http://localhost:9000/hook");
    for (const bad of [
      "https://user:pass@hooks.example.com/x",
      "https://user@hooks.example.com/x",
      "hooks",
    ]) {
      expect(() => parseEnv({ NOTIFY_WEBHOOK_URL: bad, NOTIFY_WEBHOOK_SECRET: WEBHOOK_SECRET })).toThrow(
        /NOTIFY_WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL without credentials/,
      );
    }
  });

  it("DATABASE_URL is postgres:// or postgresql://", () => {
    for (const ok of ["postgresql://u:p@localhost:5432/db", "postgres:///db?host=/var/run/postgresql"]) {
      expect(parseEnv({ DATABASE_URL: ok }).DATABASE_URL).toBe(ok);
    }
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });
});

describe("NOTIFY_DIGEST_CRON", () => {
  it("takes five cron fields or off, passed on as written", () => {
    expect(parseEnv({}).NOTIFY_DIGEST_CRON).toBe("0 7 * * *");
    expect(parseEnv({ NOTIFY_DIGEST_CRON: " 30 6 * * mon-fri " }).NOTIFY_DIGEST_CRON).toBe(
      "30 6 * * mon-fri",
    );
    expect(parseEnv({ NOTIFY_DIGEST_CRON: "off" }).NOTIFY_DIGEST_CRON).toBe("off");
  });

  it("refuses at start what cron-parser (and so pg-boss) would refuse at the first tick, saying why", () => {
    const cases: [string, RegExp][] = [
      ["0 25 * * *", /\(.*25.*\)/],
      ["a b c d e", /\(Invalid characters/],
      ["0 7 * *", /\(4 fields\)/],
      ["0 0 7 * * *", /\(6 fields\)/],
      ["@daily", /\(1 field\)/],
    ];
    for (const [cron, why] of cases) {
      expect(() => parseEnv({ NOTIFY_DIGEST_CRON: cron })).toThrow(
        /NOTIFY_DIGEST_CRON: must be a cron expression of 5 fields such as "0 7 \* \* \*", or "off"/,
      );
      expect(() => parseEnv({ NOTIFY_DIGEST_CRON: cron })).toThrow(why);
    }
  });
});

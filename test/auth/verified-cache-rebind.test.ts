// The session cache listens on the process's database (lib/server/auth/verified-cache.ts). When that database is
// closed and another installed (every test file does so; a console reopening its database), letting go of the
// old listener must not reject: UNLISTEN on a closed PGlite did, unhandled, and made CI's unit run exit 1 with
// no failed test (20 "PGlite is closed" rejections across the files that close their database). Vitest fails
// this file on any unhandled rejection.
import { afterAll, expect, it } from "vitest";
import { openTicket, stopVerifiedCache, verifiedCacheLive } from "@/lib/server/auth/verified-cache";
import { installDb } from "@/lib/server/db";
import { testDatabases } from "../support/db";

afterAll(() => stopVerifiedCache());

it.each(testDatabases())(
  "lets go of a closed database's listener quietly and listens on the next ($name)",
  async (kind) => {
    const first = await kind.open();
    installDb(first);
    await openTicket();
    await expect.poll(verifiedCacheLive).toBe(true);
    await first.close();
    const second = await kind.open();
    installDb(second);
    await openTicket();
    await expect.poll(verifiedCacheLive).toBe(true);
    installDb(null);
    await stopVerifiedCache();
    await second.close();
  },
);

// The `next` parameter of the sign-in pages (lib/safe-next.ts): whatever the spelling, the browser never
// leaves the console. Each value is judged, then followed the way a browser follows it (WHATWG URL parsing,
// which drops tabs and newlines, reads "\" as "/" and "//host" as another host).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_NEXT, safeNext } from "@/lib/safe-next";

const ORIGIN = "https://console.example.com";
const followed = (path: string) => new URL(path, ORIGIN);

const OFF_SITE = [
  "//evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "\u0000//evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "https://evil.example/orgs",
  "https:/\\evil.example",
  "http://console.example.com/orgs",
  "http:evil.example",
  "https://console.example.com@evil.example/",
  "https://user:pw@console.example.com/",
  "javascript:alert(1)",
  "data:text/html,hi",
  "/\\/evil.example",
];

describe("safeNext", () => {
  it("keeps console paths with their query and fragment", () => {
    expect(safeNext("/orgs/5f0000000000000000000001/invitations?tab=expired#x", ORIGIN)).toBe(
      "/orgs/5f0000000000000000000001/invitations?tab=expired#x",
    );
    expect(safeNext("/users", ORIGIN)).toBe("/users");
    expect(safeNext("https://console.example.com/audit?a=1", ORIGIN)).toBe("/audit?a=1");
    // Encoded slashes are path characters, not a host.
    expect(safeNext("/%2F%2Fevil.example", ORIGIN)).toBe("/%2F%2Fevil.example");
    // Same scheme without slashes is a relative path to a browser: it stays here, as the parsed path.
    expect(safeNext("https:evil.example", ORIGIN)).toBe("/evil.example");
    expect(safeNext("/ /evil.example", ORIGIN)).toBe("/%20/evil.example");
  });

  it.each(OFF_SITE)("sends %j to the default page", (value) => {
    expect(safeNext(value, ORIGIN)).toBe(DEFAULT_NEXT);
  });

  it("nothing, an empty value or garbage: the default page", () => {
    expect(safeNext(null, ORIGIN)).toBe(DEFAULT_NEXT);
    expect(safeNext(undefined, ORIGIN)).toBe(DEFAULT_NEXT);
    expect(safeNext("", ORIGIN)).toBe(DEFAULT_NEXT);
  });

  it("any string: the answer is a path that a browser resolves on the console's origin", () => {
    const pieces = fc.constantFrom(
      "/",
      "\\",
      "//",
      "\t",
      "\n",
      "\r",
      " ",
      "\u0000",
      "\u001f",
      ".",
      "..",
      ":",
      "@",
      "?",
      "#",
      "%2F",
      "%5C",
      "%09",
      "evil.example",
      "https:",
      "http:",
      "javascript:",
      "console.example.com",
      "orgs",
      "a",
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(pieces, { maxLength: 8 }).map((p) => p.join("")),
          fc.string(),
        ),
        (value) => {
          const out = safeNext(value, ORIGIN);
          expect(out.startsWith("/")).toBe(true);
          expect(out.startsWith("//")).toBe(false);
          expect(followed(out).origin).toBe(ORIGIN);
          // What the browser reaches is what safeNext said, and judging it again changes nothing.
          expect(safeNext(out, ORIGIN)).toBe(out);
          // And the raw value, followed as is, is only accepted when it stayed on the console.
          if (out !== DEFAULT_NEXT) {
            let raw: URL | null = null;
            try {
              raw = followed(value);
            } catch {
              raw = null;
            }
            expect(raw?.origin).toBe(ORIGIN);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });
});

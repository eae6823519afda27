import { describe, expect, it } from "vitest";
import { consoleOrigin, isFromConsoleOrigin } from "./console-origin";

const req = (url: string, headers: Record<string, string> = {}) => new Request(url, { headers });

describe("the console-origin rule", () => {
  it("CONSOLE_URL wins over whatever Host the caller wrote", () => {
    const r = req("http://localhost:3000/api/users", { Host: "evil.example", Origin: "http://evil.example" });
    expect(consoleOrigin(r, "https://console.example.com/some/path")).toBe("https://console.example.com");
    expect(isFromConsoleOrigin(r, "https://console.example.com")).toBe(false);
    expect(
      isFromConsoleOrigin(
        req("http://localhost:3000/x", { Origin: "https://console.example.com" }),
        "https://console.example.com/",
      ),
    ).toBe(true);
  });

  it("unset: the request's scheme with its Host header, else the URL's host", () => {
    expect(consoleOrigin(req("http://localhost:3000/x", { Host: "127.0.0.1:3000" }), undefined)).toBe(
      "http://127.0.0.1:3000",
    );
    expect(consoleOrigin(req("http://localhost:3000/x"), undefined)).toBe("http://localhost:3000");
  });

  it("an absent, null or other Origin is not the console's", () => {
    const at = (origin?: string) =>
      req("http://127.0.0.1:3000/x", { Host: "127.0.0.1:3000", ...(origin ? { Origin: origin } : {}) });
    expect(isFromConsoleOrigin(at(), undefined)).toBe(false);
    expect(isFromConsoleOrigin(at("null"), undefined)).toBe(false);
    expect(isFromConsoleOrigin(at("http://127.0.0.1:3001"), undefined)).toBe(false);
    expect(isFromConsoleOrigin(at("http://127.0.0.1:3000"), undefined)).toBe(true);
  });
});

// The digest webhook's Slack `text` shows names and addresses from Atlas as written: `&`, `<` and `>` are
// escaped as Slack requires, so an org named `<!channel>` notifies nobody and `<https://…|Reset password>`
// is no link (lib/server/notifications/slack-text.ts). The structured fields keep the values as they are.
import { describe, expect, it } from "vitest";
import type { DigestContent } from "@/lib/server/notifications/digest-text";
import { digestPayload } from "@/lib/server/notifications/digest-text";
import { escapeSlackText } from "@/lib/server/notifications/slack-text";

const HOSTILE_ORG = "<!channel> Acme & Co <@U024BE7LH>";
const HOSTILE_EMAIL = "<https://evil.example/reset|Reset password>@demo-corp.example";

const content = (name: string | null, email: string): DigestContent => ({
  org: { id: "5f1000000000000000000abc", name },
  day: "2026-12-06",
  audience: "webhook",
  sections: {
    expiring: [{ email, at: "2026-12-10T00:00:00Z", invitedBy: "<!here>" }],
    accepted: [{ email: "ok@demo-corp.example", at: null, invitedBy: null }],
    expired: [],
    rejected: [],
  },
});

describe("digest webhook text for Slack", () => {
  it("escapes &, < and > in every name and address from Atlas", () => {
    const payload = digestPayload(content(HOSTILE_ORG, HOSTILE_EMAIL));
    expect(payload.text).not.toMatch(/[<>]/);
    expect(payload.text).toContain("&lt;!channel&gt; Acme &amp; Co &lt;@U024BE7LH&gt;");
    expect(payload.text).toContain("&lt;https://evil.example/reset|Reset password&gt;@demo-corp.example");
    // The console's own markup stays.
    expect(payload.text).toMatch(/^\*Invitations digest\* for /);
    expect(payload.text).toContain("• expiring: ");
    // Other receivers get the values unescaped in the structured fields.
    expect(payload.org.name).toBe(HOSTILE_ORG);
    expect(payload.expiring[0]!.email).toBe(HOSTILE_EMAIL);
  });

  it("leaves plain names as they are, and escapes an org id label without a name too", () => {
    const plain = digestPayload(content("Demo Corp", "ada@demo-corp.example"));
    expect(plain.text).toContain(
      "for Demo Corp (5f1000000000000000000abc), 2026-12-06: 1 expiring soon, 1 accepted",
    );
    expect(plain.text).toContain("• expiring: ada@demo-corp.example");
    expect(digestPayload(content(null, "a&b@x.example")).text).toContain("a&amp;b@x.example");
  });

  it("escapes & first, so that an escaped sequence in a name is shown as typed", () => {
    expect(escapeSlackText("&lt; <b> &")).toBe("&amp;lt; &lt;b&gt; &amp;");
  });
});

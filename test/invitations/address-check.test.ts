// The invite dialog's check before Send (components/invitations/address-check.ts): pending and members
// named, a domain nobody in the org uses flagged with the closest one it does use, the footer's count.
import { describe, expect, it } from "vitest";
import {
  checkAddresses,
  checkSummary,
  editDistance,
  knownDomains,
  nearestDomain,
  replaceAddress,
  withDomain,
} from "@/components/invitations/address-check";

const people = {
  pending: new Set(["ada@demo-corp.example", "grace@demo-corp.example", "lin@partner.example"]),
  members: new Set(["owner@demo-corp.example", "ops@demo-corp.example"]),
};

describe("addresses before Send", () => {
  it("the walk's case: a typo of the org's domain, one pending, one member, two new", () => {
    const c = checkAddresses(
      ["omar@demo-corp.exmaple", "ada@demo-corp.example", "owner@demo-corp.example", "new@demo-corp.example"],
      people,
    );
    expect(c.fresh).toEqual(["omar@demo-corp.exmaple", "new@demo-corp.example"]);
    expect(c.pending).toEqual(["ada@demo-corp.example"]);
    expect(c.members).toEqual(["owner@demo-corp.example"]);
    expect(c.unknownDomains).toEqual([
      { address: "omar@demo-corp.exmaple", domain: "demo-corp.exmaple", suggestion: "demo-corp.example" },
    ]);
    expect(checkSummary(c)).toBe("2 new, 1 already pending, 1 already a member");
  });

  it("a domain nobody uses and nothing close: flagged without a guess", () => {
    const c = checkAddresses(["sam@gmail.com"], people);
    expect(c.unknownDomains).toEqual([{ address: "sam@gmail.com", domain: "gmail.com", suggestion: null }]);
    expect(checkSummary(c)).toBe("1 new");
  });

  it("an org with nobody known yet flags no domain; members unreadable names nobody a member", () => {
    const c = checkAddresses(["a@x.example"], { pending: new Set(), members: null });
    expect(c).toEqual({ fresh: ["a@x.example"], pending: [], members: [], unknownDomains: [] });
    const d = checkAddresses(["owner@demo-corp.example"], { pending: people.pending, members: null });
    expect(d.members).toEqual([]);
    expect(d.fresh).toEqual(["owner@demo-corp.example"]);
  });

  it("domains the caller computed once are used as given", () => {
    const c = checkAddresses(["omar@demo-corp.exmaple"], { ...people, domains: ["demo-corp.exmaple"] });
    expect(c.unknownDomains).toEqual([]);
  });

  it("nothing typed: no count", () => {
    expect(checkSummary(checkAddresses([], people))).toBeNull();
    expect(checkSummary(checkAddresses(["a@demo-corp.example", "b@demo-corp.example"], people))).toBe(
      "2 new",
    );
  });
});

describe("nearest domain", () => {
  it("counts a swap of two letters as one edit", () => {
    expect(editDistance("exmaple", "example")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("known domains, most used first; ties by name", () => {
    expect(knownDomains(["a@b.io", "c@d.io", "e@d.io", "not-an-address"])).toEqual(["d.io", "b.io"]);
  });

  it("suggests within two edits for long names, one for short; never the domain itself", () => {
    const known = ["demo-corp.example", "partner.example", "x.io"];
    expect(nearestDomain("demo-crop.example", known)).toBe("demo-corp.example");
    expect(nearestDomain("DEMO-CORP.EXAMPL", known)).toBe("demo-corp.example");
    expect(nearestDomain("demo-corp.example", known)).toBeNull();
    expect(nearestDomain("partnr.exampel", known)).toBe("partner.example"); // two edits
    expect(nearestDomain("prtnr.exampel", known)).toBeNull(); // three
    expect(nearestDomain("y.io", known)).toBe("x.io");
    expect(nearestDomain("yz.io", known)).toBeNull();
  });

  it("replaces only the domain", () => {
    expect(withDomain("omar@demo-corp.exmaple", "demo-corp.example")).toBe("omar@demo-corp.example");
  });
});

describe("Use the suggested domain", () => {
  it("replaces that address wherever it is typed, whatever its case, and nothing else", () => {
    expect(
      replaceAddress(
        "ada@x.io, Omar@Demo-Corp.Exmaple\nomar@demo-corp.exmaple.org; omar@demo-corp.exmaple",
        "omar@demo-corp.exmaple",
        "omar@demo-corp.example",
      ),
    ).toBe("ada@x.io, omar@demo-corp.example\nomar@demo-corp.exmaple.org; omar@demo-corp.example");
  });
});

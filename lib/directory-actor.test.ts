import { describe, expect, it } from "vitest";
import { directoryActorEmail, directoryTokenOf } from "./directory-actor";

describe("the directory as an actor", () => {
  it("names the provisioning token, and nothing else", () => {
    expect(directoryTokenOf(directoryActorEmail("okta"))).toBe("okta");
    expect(directoryTokenOf("provisioning: Entra ID")).toBe("Entra ID");
    expect(directoryTokenOf("admin@example.com")).toBeNull();
    expect(directoryTokenOf(null)).toBeNull();
    expect(directoryTokenOf("xprovisioning: okta")).toBeNull();
  });
});

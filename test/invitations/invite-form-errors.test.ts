import { describe, expect, it } from "vitest";
import { placeInviteError } from "@/components/invitations/invite-form-errors";
import { ApiError } from "@/lib/api-client/errors";

type Init = ConstructorParameters<typeof ApiError>[0];
const error = (init: Partial<Init> & Pick<Init, "code" | "message">) =>
  new ApiError({ status: 400, ...init });

describe("placeInviteError", () => {
  it("puts input errors on their fields and nothing at form level", () => {
    const placed = placeInviteError(
      error({
        code: "invalid_input",
        message: "Some fields are invalid.",
        fields: {
          emails: "Not an address: bad@@x",
          "projectRoles.1.roles": "Pick a role",
          "teamIds.0": "Unknown",
        },
      }),
    );
    expect(placed).toEqual({
      fields: [
        ["emails", "Not an address: bad@@x"],
        ["projectRoles.1.roles", "Pick a role"],
        ["teamIds", "Unknown"],
      ],
      formMessage: null,
    });
  });

  it("keeps one message per field (the first), and a field no input shows goes to the form", () => {
    const placed = placeInviteError(
      error({
        code: "invalid_input",
        message: "Invalid.",
        fields: { "orgRoles.0": "First", "orgRoles.1": "Second", grants: "Too many", _: "General" },
      }),
    );
    expect(placed.fields).toEqual([["orgRoles", "First"]]);
    expect(placed.formMessage).toBe("Invalid. grants: Too many; General");
  });

  it("a failed attempt (not the input) is said at form level, with the wait for a rate limit", () => {
    const limited = placeInviteError(
      error({ status: 429, code: "rate_limited", message: "Too many requests.", retryAfter: 30 }),
    );
    expect(limited).toEqual({ fields: [], formMessage: "Too many requests. Retry in 30 s." });
    const down = placeInviteError(
      error({
        status: 503,
        code: "atlas_unavailable",
        message: "Atlas is down.",
        fields: { emails: "Atlas is down." },
      }),
    );
    // The same words on the field would add nothing.
    expect(down).toEqual({ fields: [], formMessage: "Atlas is down." });
  });

  it("a project that Atlas does not know is the project field's (not found is about the input)", () => {
    const placed = placeInviteError(
      error({
        status: 404,
        code: "not_found",
        message: "No such project.",
        fields: { "projectRoles.0.projectId": "No such project." },
      }),
    );
    expect(placed).toEqual({ fields: [["projectRoles.0.projectId", "No such project."]], formMessage: null });
  });
});

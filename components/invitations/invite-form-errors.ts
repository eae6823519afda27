import type { ApiError } from "@/lib/api-client/errors";

/**
 * Where a server field key (zod paths joined with dots, e.g. "projectRoles.0.roles.1") is shown in the invite
 * form: the field that displays it, or null when no field does.
 */
export function formFieldFor(key: string): string | null {
  const [head, index, leaf] = key.split(".");
  if (head === "emails" || head === "orgRoles" || head === "teamIds") return head;
  if (head !== "projectRoles") return null;
  if (index !== undefined && /^\d+$/.test(index) && (leaf === "projectId" || leaf === "roles")) {
    return `projectRoles.${index}.${leaf}`;
  }
  return "projectRoles";
}

export interface PlacedError {
  /** Form path -> message, in the server's order (the first one gets focus). */
  fields: Array<[string, string]>;
  /** Shown above the buttons when no field can carry the message (or some part of it). */
  formMessage: string | null;
}

function withRetry(error: ApiError): string {
  if (!error.retryAfter || error.message.includes(`${error.retryAfter} s`)) return error.message;
  return `${error.message} Retry in ${error.retryAfter} s.`;
}

// Codes whose message is about the input; any other (rate limit, Atlas down or retired, unknown outcome...) is
// about the attempt, so it is shown for the whole form even when the server also names a field.
const INPUT_CODES = new Set(["invalid_input", "conflict"]);

// Atlas error codes name what they are about (atlas-openapi/REFERENCE.md): when the console's envelope names
// no field, the code still points at one. Checked in order; the first match wins.
const ATLAS_CODE_FIELDS: Array<[RegExp, string]> = [
  [/TEAM/, "teamIds"],
  [/GROUP|PROJECT/, "projectRoles"],
  [/EMAIL|USERNAME|USER|INVITATION|INVITE/, "emails"],
  [/ROLE/, "orgRoles"],
];

/** The form field an Atlas error code concerns, or null. */
export function fieldForAtlasCode(code: string | undefined): string | null {
  if (!code) return null;
  return ATLAS_CODE_FIELDS.find(([re]) => re.test(code))?.[1] ?? null;
}

/** Puts a failed invite next to the field that caused it (nothing typed is lost), else at form level. */
export function placeInviteError(error: ApiError): PlacedError {
  const formMessage = error.code === "rate_limited" ? withRetry(error) : error.message;
  const aboutInput = INPUT_CODES.has(error.code);
  const fields: Array<[string, string]> = [];
  const unplaced: string[] = [];
  const atlasField = aboutInput && !error.fields ? fieldForAtlasCode(error.atlasErrorCode) : null;
  const given = error.fields ?? (atlasField ? { [atlasField]: error.message } : {});
  for (const [key, message] of Object.entries(given)) {
    const path = formFieldFor(key);
    if (!path) unplaced.push(key === "_" ? message : `${key}: ${message}`);
    // The same words twice (field and form) add nothing: the form-level message is enough.
    else if (!fields.some(([p]) => p === path) && (aboutInput || message !== error.message)) {
      fields.push([path, message]);
    }
  }
  if (aboutInput && fields.length > 0 && unplaced.length === 0) return { fields, formMessage: null };
  return { fields, formMessage: unplaced.length > 0 ? `${formMessage} ${unplaced.join("; ")}` : formMessage };
}

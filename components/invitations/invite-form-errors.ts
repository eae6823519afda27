import { isRateLimited, type ApiError } from "@/lib/api-client/errors";

/**
 * Where a server field key (zod paths joined with dots, e.g. "projectRoles.0.roles.1") is shown in the invite
 * form: the field that displays it, or null when no field does.
 */
function formFieldFor(key: string): string | null {
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

// Codes whose message is about the input (a missing team or project is a 404 from Atlas); any other (rate
// limit, Atlas down or retired, unknown outcome...) is about the attempt, so it is shown for the whole form
// even when the server also names a field.
const INPUT_CODES = new Set(["invalid_input", "conflict", "not_found"]);

/** Puts a failed invite next to the field that caused it (nothing typed is lost), else at form level. */
export function placeInviteError(error: ApiError): PlacedError {
  const formMessage = isRateLimited(error.code) ? withRetry(error) : error.message;
  const aboutInput = INPUT_CODES.has(error.code);
  const fields: Array<[string, string]> = [];
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(error.fields ?? {})) {
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

/**
 * After a refused submit: the first invalid field, with its message, scrolled into the dialog's view. Focus
 * alone scrolls just the input into view, which can leave its message below the visible part, under the footer.
 */
export function scrollFirstInvalidIntoView(root: ParentNode | null): void {
  const el = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
  const field = el?.closest<HTMLElement>('[data-field], [role="group"], fieldset') ?? el;
  field?.scrollIntoView({ block: "nearest" });
}

import { MAX_INVITE_EMAILS, emailSchema, notAddressesMessage, splitEmails } from "@/lib/schemas/invitations";

export interface EmailList {
  /** Valid addresses, lower-cased, each once, in the order typed: what Send invites. */
  valid: string[];
  /** What is not an address, as typed (each once). */
  invalid: string[];
  /** How many entries repeated an earlier one (case-insensitive). */
  duplicates: number;
  /** More valid addresses than one request takes. */
  tooMany: boolean;
}

/** What the e-mail box holds, counted the way the server counts it (lib/schemas/invitations.ts). */
export function analyzeEmails(text: string): EmailList {
  const seen = new Set<string>();
  const valid: string[] = [];
  const invalid: string[] = [];
  let duplicates = 0;
  for (const raw of splitEmails(text)) {
    const key = raw.toLowerCase();
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    if (emailSchema.safeParse(raw).success) valid.push(key);
    else invalid.push(raw);
  }
  return { valid, invalid, duplicates, tooMany: valid.length + invalid.length > MAX_INVITE_EMAILS };
}

export interface EmailsNotes {
  /** What is not an address, in one wording (lib/schemas/invitations.ts notAddressesMessage). */
  invalid: string | null;
  /** More than one send takes, and what to do. */
  tooMany: string | null;
  /**
   * The field's error from Send, or null when a note above already says the same thing: the schema refuses
   * exactly what the notes show live, so "bad@@x" is said once, not twice in two wordings.
   */
  error: string | null;
}

/** The messages under the addresses box, each problem once. */
export function emailsNotes(list: EmailList, error: string | undefined): EmailsNotes {
  const n = list.valid.length + list.invalid.length;
  const invalid = list.invalid.length ? notAddressesMessage(list.invalid) : null;
  const tooMany = list.tooMany
    ? `${n} addresses: one send takes at most ${MAX_INVITE_EMAILS}. Send them in batches of ${MAX_INVITE_EMAILS}: keep the first ${MAX_INVITE_EMAILS} here and send, then invite the rest the same way.`
    : null;
  return { invalid, tooMany, error: invalid || tooMany ? null : (error ?? null) };
}

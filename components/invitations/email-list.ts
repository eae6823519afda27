import { MAX_INVITE_EMAILS, emailSchema, splitEmails } from "@/lib/schemas/invitations";

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

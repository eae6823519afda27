import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as en from "@zxcvbn-ts/language-en";

// zxcvbn with the common and English dictionaries (~1 MB): the browser loads this module with a dynamic
// import when the password field is first used (components/atlas-users/password-field.tsx); the server
// checks the same score in lib/server/atlas-users/create-atlas-user.ts.
let factory: ZxcvbnFactory | null = null;

/**
 * zxcvbn's time grows much faster than the password: a long one holds the server's event loop for seconds.
 * Only the first 32 characters are scored; 12 random ones already reach the top score, so a strong
 * password is never judged weak for it (a weak start followed by a strong rest is, which errs on the safe
 * side). lib/schemas/atlas-users.ts caps the whole password at MAX_PASSWORD_LENGTH.
 */
export const STRENGTH_CHECKED_LENGTH = 32;

export interface Strength {
  /** 0 (guessable) to 4 (very strong). */
  score: 0 | 1 | 2 | 3 | 4;
  warning: string | null;
  suggestions: string[];
}

export function passwordStrength(password: string, userInputs: string[] = []): Strength {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
    maxLength: STRENGTH_CHECKED_LENGTH,
  });
  const r = factory.check(password, userInputs.filter(Boolean));
  return { score: r.score, warning: r.feedback.warning ?? null, suggestions: r.feedback.suggestions };
}

/** A random password of 20 characters from an unambiguous alphabet (~115 bits), for "Generate". */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_!@#%";
  const bytes = crypto.getRandomValues(new Uint8Array(40));
  let out = "";
  for (const b of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (b >= 256 - (256 % alphabet.length)) continue;
    out += alphabet[b % alphabet.length];
    if (out.length === 20) break;
  }
  return out.length === 20 ? out : generatePassword();
}

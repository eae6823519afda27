/** Joins class names, skipping falsy ones (no clsx/tailwind-merge: variants below never fight each other). */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(" ");
}

// What the invite dialog tells before Send (components/invitations/invite-dialog.tsx): which typed addresses
// are already pending or members (Send would report them "Already invited" / "already a member" anyway, after
// the fact), and which use a domain nobody in the org uses, with the closest domain the org does use
// ("demo-corp.exmaple" → "demo-corp.example"). Pure and client-safe: test/invitations/address-check.test.ts.

export interface KnownPeople {
  /** Lower-cased addresses with a pending invitation. */
  pending: ReadonlySet<string>;
  /** Lower-cased addresses of org members; null when they could not be read (nobody is said to be one). */
  members: ReadonlySet<string> | null;
  /** knownDomains of both, when the caller keeps it (computed once, not at every keystroke). */
  domains?: readonly string[];
}

export interface DomainWarning {
  address: string;
  domain: string;
  /** The org's known domain closest to it, when one is close enough to be a typo. */
  suggestion: string | null;
}

export interface AddressCheck {
  fresh: string[];
  pending: string[];
  members: string[];
  /** Addresses whose domain nobody in the org uses (only when the org has known domains at all). */
  unknownDomains: DomainWarning[];
}

const domainOf = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

/** The domains the org uses, most used first. */
export function knownDomains(addresses: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const a of addresses) {
    if (!a.includes("@")) continue;
    const d = domainOf(a);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([d]) => d);
}

/** Levenshtein distance with adjacent transpositions counted as one edit ("exmaple" vs "example": 1). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known domain closest to `domain` when it is near enough to be a typo: one edit for names under 8
 * characters, two otherwise. Null when the domain is known itself or nothing is close; ties go to the more
 * used domain (the list's order).
 */
export function nearestDomain(domain: string, known: readonly string[]): string | null {
  const d = domain.toLowerCase();
  if (known.includes(d)) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = editDistance(d, k);
    const limit = Math.max(d.length, k.length) < 8 ? 1 : 2;
    if (dist <= limit && dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}

/** Sorts the dialog's valid addresses (lower-cased, each once: email-list.ts) by what Send would do with them. */
export function checkAddresses(valid: readonly string[], people: KnownPeople): AddressCheck {
  const out: AddressCheck = { fresh: [], pending: [], members: [], unknownDomains: [] };
  const known = people.domains ?? knownDomains([...people.pending, ...(people.members ?? [])]);
  for (const address of valid) {
    if (people.members?.has(address)) out.members.push(address);
    else if (people.pending.has(address)) out.pending.push(address);
    else out.fresh.push(address);
    const domain = domainOf(address);
    if (known.length > 0 && !known.includes(domain)) {
      out.unknownDomains.push({ address, domain, suggestion: nearestDomain(domain, known) });
    }
  }
  return out;
}

/** The footer's count: "2 new, 1 already pending, 1 already a member"; null before anything is typed. */
export function checkSummary(c: AddressCheck): string | null {
  const parts: string[] = [];
  if (c.fresh.length) parts.push(`${c.fresh.length} new`);
  if (c.pending.length) parts.push(`${c.pending.length} already pending`);
  if (c.members.length) {
    parts.push(`${c.members.length} already ${c.members.length === 1 ? "a member" : "members"}`);
  }
  return parts.length > 0 ? parts.join(", ") : null;
}

/** The address with its domain replaced by the suggestion: what "Use …" puts in the box. */
export function withDomain(address: string, domain: string): string {
  return `${address.slice(0, address.lastIndexOf("@") + 1)}${domain}`;
}

/** The box's text with one typed address replaced (whatever its case), separators and the rest untouched. */
export function replaceAddress(text: string, from: string, to: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(
    new RegExp(`(^|[\\s,;])${escaped}(?=$|[\\s,;])`, "gi"),
    (_m, sep: string) => `${sep}${to}`,
  );
}

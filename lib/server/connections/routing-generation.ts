import "server-only";

// Which connections exist and which serves each org change rarely (an admin's edit, a test, a first sighting)
// but are read by every list: lib/server/connections/routing-cache.ts keeps them for a moment. Every writer in
// this process bumps the generation after its change is stored, which drops that copy at once; another
// instance's change is seen when the copy's short lifetime ends. Kept on globalThis: Next.js bundles route
// handlers and instrumentation apart, and they must share one generation.
const SLOT = Symbol.for("invite-console.routing-generation");
const state = ((globalThis as Record<symbol, unknown>)[SLOT] ??= { generation: 0 }) as { generation: number };

/** After any change to stored connections, their orgs and roles, their tests, or org routes. */
export function routingChanged(): void {
  state.generation++;
}

export function routingGeneration(): number {
  return state.generation;
}

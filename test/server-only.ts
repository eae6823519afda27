// Vitest runs outside React Server Components, where the real `server-only` marker throws on import.
// The marker has no behaviour to test; the "server-only" guard itself is checked by test/server-only.test.ts.
export {};

import "server-only";

// Stored Atlas connections (encrypted secrets). Owned by part K, who fills this file; it exports nothing
// until then.
export {};

import "server-only";

// Sign-in tables (better-auth: users, sessions, accounts, verifications, two-factor). Owned by part S,
// who fills this file; it exports nothing until then.
export {};

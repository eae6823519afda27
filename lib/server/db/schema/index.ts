import "server-only";

// The whole schema: drizzle-kit generates the migrations in drizzle/ from here, and Db is typed with it.
export * from "./auth";
export * from "./connections";
export * from "./audit";
export * from "./org-routes";
export * from "./limits";
export * from "./ledger";
export * from "./ledger-sync";
export * from "./notifications";
export * from "./rate-limit";
export * from "./onboarding";
export * from "./tokens";
export * from "./provisioning";

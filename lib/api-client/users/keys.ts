// The console's own users (not per org).
export const userKeys = {
  all: () => ["console-users"] as const,
};

// The signed-in user's own data (not per org). Password and second-factor changes can end sessions: they
// invalidate accountKeys.all().
export const accountKeys = {
  all: () => ["account"] as const,
  sessions: () => ["account", "sessions"] as const,
  notifications: () => ["account", "notifications"] as const,
};

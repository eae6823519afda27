// Personal API tokens: one's own (the Account page) and everyone's (admins, the Users page). Creating or
// revoking one changes both lists, so mutations invalidate tokenKeys.all().
export const tokenKeys = {
  all: () => ["tokens"] as const,
  mine: () => ["tokens", "mine"] as const,
  everyone: () => ["tokens", "everyone"] as const,
};

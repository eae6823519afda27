// The audit log is not per org. Rows only grow, and every mutation elsewhere may add one: a mutation that
// should show up at once invalidates auditKeys.all().
export const auditKeys = {
  all: () => ["audit"] as const,
  list: (params: object) => ["audit", "list", params] as const,
  orgs: () => ["audit", "orgs"] as const,
};

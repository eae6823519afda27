export declare function renderTable(
  header: string[],
  rows: Array<Array<string | number | null | undefined>>,
): string;
export declare function json(value: unknown): string;
export declare function checkOutput(value: string | undefined, usage?: string): void;
export declare function invitationsTable(
  invitations: Array<{ id: string; email: string; createdAt: string; expiresAt: string | null }>,
): string;

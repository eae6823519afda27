import "server-only";
// TEMPORARY STUB (not committed)
export async function run(_args: string[]): Promise<number> {
  return 2;
}

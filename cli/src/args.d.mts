export interface FlagSpec {
  type: "string" | "strings" | "bool";
  short?: string;
  required?: boolean;
  desc?: string;
}
export declare class UsageError extends Error {
  constructor(message: string, usage?: string);
  usage: string | undefined;
  exitCode: 2;
}
export declare function isUsageError(e: unknown): e is UsageError;
export declare const COMMON_FLAGS: Record<string, FlagSpec>;
export declare function parseFlags(
  argv: string[],
  flags: Record<string, FlagSpec>,
  usage?: string,
): { flags: Record<string, string | string[] | boolean | undefined>; args: string[] };
export declare function missingRequired(
  flags: Record<string, FlagSpec>,
  values: Record<string, unknown>,
): string | null;
export declare function splitRole(value: string, usage?: string): { id: string; role: string };
export declare function projectRolesOf(
  values?: string[],
  usage?: string,
): { projectId: string; roles: string[] }[];

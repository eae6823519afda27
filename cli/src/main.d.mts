export interface CliIo {
  env?: Record<string, string | undefined>;
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout?: { write(text: string): unknown; isTTY?: boolean };
  stderr?: { write(text: string): unknown; isTTY?: boolean };
  fetch?: typeof fetch;
}
/** Runs one command line; answers the exit code (0 success, 1 refused or failed, 2 usage, 130 interrupted). */
export declare function main(argv: string[], io?: CliIo): Promise<number>;

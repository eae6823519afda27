export interface CommandNode {
  name: string;
  aliases?: string[];
  short: string;
  use?: string;
  children?: CommandNode[];
}
export declare const PROGRAM: "invite-console";
export declare const ROOT: CommandNode;
export declare function resolveCommand(argv: string[]): { node: CommandNode; path: string[]; argv: string[] };
export declare function helpOf(path: string[], node: CommandNode): string;

export declare const DEFAULT_HEAP_MB: number;
export declare const SEMI_SPACE_MB: number;
export declare const WASM_FLAGS: string[];
export declare function serverNodeArgs(env?: Record<string, string | undefined>): string[];

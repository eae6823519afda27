export interface Profile {
  url: string;
  token: string;
  orgId?: string;
}
export interface ConfigFile {
  profiles: Record<string, Profile>;
}
export declare const DEFAULT_PROFILE: "default";
export declare function configPath(env?: Record<string, string | undefined>): string;
export declare function readConfig(path: string, warn?: (message: string) => void): Promise<ConfigFile>;
export declare function saveProfile(path: string, name: string, profile: Profile): Promise<ConfigFile>;
export declare function resolveProfile(
  config: ConfigFile,
  name: string,
  env?: Record<string, string | undefined>,
): { name: string; exists: boolean; url: string; token: string; orgId: string };

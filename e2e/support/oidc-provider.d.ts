// oidc-provider ships no types; the little the test IdP uses.
declare module "oidc-provider" {
  interface Account {
    accountId: string;
    claims: () => Promise<Record<string, unknown>>;
  }
  export default class Provider {
    constructor(
      issuer: string,
      configuration: Record<string, unknown> & {
        findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>;
      },
    );
    proxy: boolean;
    listen(port: number, host?: string): unknown;
  }
}

// A real OpenID Connect identity provider (npm oidc-provider) on loopback, for the single sign-on tests.
// Its development login page accepts any login: the login becomes the subject, and:
//   - an e-mail login keeps its address, anything else becomes <login>@corp.example
//   - the console role claim is "admin" / "inviter" when the login starts with that word, else absent
//     (the console then applies OIDC_DEFAULT_ROLE).
import Provider from "oidc-provider";

const port = Number(process.env.IDP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const redirectUris = (process.env.IDP_REDIRECT_URIS ?? "").split(",").filter(Boolean);

function claimsFor(id: string) {
  const email = id.includes("@") ? id.toLowerCase() : `${id.toLowerCase()}@corp.example`;
  const role = /^admin/i.test(id) ? "admin" : /^inviter/i.test(id) ? "inviter" : undefined;
  return { sub: id, email, email_verified: true, name: id, ...(role ? { console_role: role } : {}) };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.IDP_CLIENT_ID ?? "invite-console-e2e",
      client_secret: process.env.IDP_CLIENT_SECRET ?? "e2e-oidc-client-secret-0123456789",
      redirect_uris: redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "console_role"],
  },
  // The role claim travels in the ID token, where the console reads it.
  conformIdTokenClaims: false,
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => claimsFor(id) }),
  cookies: { keys: ["e2e-idp-cookie-key"] },
  features: { devInteractions: { enabled: true } },
});
provider.proxy = false;

provider.listen(port, "127.0.0.1");
console.log(`test IdP listening on ${issuer}`);

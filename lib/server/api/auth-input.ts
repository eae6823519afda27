import "server-only";
import { nulFieldPath } from "@/lib/schemas/text";

// better-auth's own endpoints (app/api/auth/[...all]/route.ts) parse their input themselves, and some of it
// reaches the database before any check of theirs: the sign-in e-mail (the per-account limit in
// lib/server/auth/sign-in-limit.ts), the reset-password token. PostgreSQL cannot store or compare a NUL
// character, so a NUL there was a 500 on both stores. No field of theirs can legitimately hold one: a NUL in
// the query or in any string of a JSON or form body is answered 400 here, naming the field, before
// better-auth sees the request. Answered in better-auth's own error shape ({ code, message }), which the
// browser side (lib/api-client/auth/errors.ts) reads.

const LABELS: Record<string, string> = {
  email: "e-mail address",
  password: "password",
  newPassword: "new password",
  currentPassword: "current password",
  token: "link's token",
  code: "code",
  callbackURL: "callback address",
};

function refusal(field: string): Response {
  const label = LABELS[field] ?? (field === "_" ? "request body" : field);
  return Response.json(
    {
      code: "INVALID_INPUT",
      message: `The ${label} must not contain a NUL character.`,
      field,
    },
    { status: 400, headers: { "Cache-Control": "no-store" } },
  );
}

/** A 400 for a NUL anywhere in the request's query or body, or null to let better-auth serve it. */
export async function refuseNulInAuthInput(req: Request): Promise<Response | null> {
  const query = nulFieldPath(Object.fromEntries(new URL(req.url).searchParams));
  if (query) return refusal(query);
  if (req.method !== "POST" || !req.body) return null;
  const type = req.headers.get("content-type") ?? "";
  const json = /^application\/json(;|$)/i.test(type);
  if (!json && !/^application\/x-www-form-urlencoded(;|$)/i.test(type)) return null;
  // A copy: better-auth reads the original (scripts/body-limit.mjs has capped it at 1 MB).
  const text = await req.clone().text();
  let body: unknown;
  if (json) {
    try {
      body = JSON.parse(text);
    } catch {
      return null; // better-auth answers malformed JSON itself
    }
  } else {
    body = Object.fromEntries(new URLSearchParams(text));
  }
  const found = nulFieldPath(body);
  return found ? refusal(found) : null;
}

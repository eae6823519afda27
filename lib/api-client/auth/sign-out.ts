import { useMutation } from "@tanstack/react-query";

/**
 * Sign out, from the header of every page: better-auth's client (./mutations.ts) loads with the click, not
 * with each page's first load.
 */
export const useSignOut = () =>
  useMutation({
    mutationFn: async () => {
      const [{ authClient }, { authCalls }] = await Promise.all([
        import("@/lib/auth-client"),
        import("./calls"),
      ]);
      return authCalls(authClient).signOut();
    },
  });

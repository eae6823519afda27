import { queryOptions } from "@tanstack/react-query";
import { usersListSchema } from "@/lib/schemas/users";
import { apiFetch } from "../fetcher";
import { userKeys } from "./keys";

export const usersQuery = () =>
  queryOptions({
    queryKey: userKeys.all(),
    queryFn: ({ signal }) => apiFetch("/api/users", { signal, schema: usersListSchema }),
  });

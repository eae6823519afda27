import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../fetcher";
import { answer } from "../answers";
import { userKeys } from "./keys";

export const usersQuery = () =>
  queryOptions({
    queryKey: userKeys.all(),
    queryFn: ({ signal }) => apiFetch("/api/users", { signal, schema: answer("usersListSchema") }),
  });

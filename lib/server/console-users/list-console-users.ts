import "server-only";
import { getDb } from "../db";
import type { ConsoleUserRow } from "./repository";
import { listConsoleUserRows } from "./repository";

export async function listConsoleUsers(): Promise<ConsoleUserRow[]> {
  return listConsoleUserRows(await getDb());
}

// The sunset assistant with a connection already in users mode: only the legacy project invitations are left.
import { describe } from "vitest";
import { sunsetSuite } from "./sunset-suite";

describe("PGlite, users mode", () => sunsetSuite("users"));

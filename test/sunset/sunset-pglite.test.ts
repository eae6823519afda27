// The sunset assistant on PGlite, in both API modes of the connection.
import { describe } from "vitest";
import { sunsetSuite } from "./sunset-suite";

describe("PGlite", () => sunsetSuite("invitations"));

import { z } from "zod";

import { ATLAS_ID } from "./atlas-id";

export { ATLAS_ID };

export const atlasIdSchema = z
  .string()
  .regex(ATLAS_ID, "must be a 24-character lowercase hexadecimal Atlas id");

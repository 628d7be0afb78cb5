import { z } from "zod";

/** A boolean in a query string, spelled as Port and Portico document it: "true" or "false" (absent is false). */
export const flag = (description: string) =>
  z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .optional()
    .transform((v) => v === "true")
    .meta({ description });

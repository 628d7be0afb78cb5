import { z } from "zod";

/**
 * A definition the service validates itself, with the schema the REST document shows for it
 * (blueprintInputSchema, scorecardInputSchema, actionInputSchema): the service reads Portico's and
 * Port's spelling alike and answers a draft with its problems at their paths, which validating here
 * first would take away. Typed for the browser as Portico's input; here only an object is required.
 */
export const checkedByService = <T extends object>(what: string) =>
  z.custom<T>((value) => typeof value === "object" && value !== null && !Array.isArray(value), { error: `must be ${what} object` }).meta({ description: `${what} definition; validated by its service` });

import type { z, ZodError, ZodType } from "zod";

/**
 * Typed domain errors. Services throw these; server/trpc/init.ts and server/http.ts map them to
 * tRPC codes and HTTP statuses in one place each. Anything else is an internal error whose
 * message never reaches the client.
 */
export type ErrorDetail = { path: string; message: string };

export class DomainError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "FORBIDDEN" | "UNAUTHORIZED" | "CONFLICT" | "VALIDATION",
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} was not found`);
export const forbidden = (message = "You are not allowed to do this") => new DomainError("FORBIDDEN", message);
export const unauthorized = (message = "Sign in first") => new DomainError("UNAUTHORIZED", message);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const invalid = (message: string, details?: ErrorDetail[]) => new DomainError("VALIDATION", message, details);

/** Parses input with a zod schema, or throws a 400 whose details are JSON pointers (under `prefix`). */
export function parseInput<T extends ZodType>(schema: T, input: unknown, message: string, prefix = ""): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidFromZod(message, parsed.error, prefix);
  return parsed.data;
}

/** A zod error's issues as JSON-pointer details. */
export function zodDetails(error: ZodError, prefix = ""): ErrorDetail[] {
  return error.issues.map((i) => ({ path: `${prefix}/${i.path.join("/")}`, message: i.message }));
}

export function invalidFromZod(message: string, error: ZodError, prefix = ""): DomainError {
  return invalid(message, zodDetails(error, prefix));
}

export const httpStatus: Record<DomainError["code"], number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** PostgreSQL errors that are the caller's fault become domain errors; the rest stay internal. */
export function fromDatabaseError(error: unknown): DomainError | undefined {
  const pg = findPostgresError(error);
  if (!pg) return undefined;
  if (pg.code === "23505") return conflict("That already exists");
  if (pg.code === "23503") return invalid("It refers to something that does not exist");
  // Input PostgreSQL cannot store: a NUL character (\u0000) in text or JSON, a value too long to index, a number out of range.
  if (pg.code === "22021" || pg.code === "22P05") return invalid("A value contains a character that cannot be stored (such as \\u0000)");
  if (pg.code === "22001" || pg.code === "54000") return invalid("A value is too long to store");
  if (pg.code === "22003") return invalid("A number is out of range");
  return undefined;
}

function findPostgresError(error: unknown): { code: string } | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e === "object" && e !== null && "code" in e && (e as { name?: string }).name === "PostgresError") {
      return e as { code: string };
    }
  }
  return undefined;
}

export function toDomainError(error: unknown): DomainError | undefined {
  return error instanceof DomainError ? error : fromDatabaseError(error);
}

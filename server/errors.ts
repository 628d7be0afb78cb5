import { ZodError, type z, type ZodType } from "zod";

/**
 * Typed domain errors. Services throw these; server/trpc/init.ts and server/http.ts map them to
 * tRPC codes and HTTP statuses in one place each. Anything else is an internal error whose
 * message never reaches the client.
 */
export type ErrorDetail = {
  path: string;
  message: string;
  /** For an import: the document (1-based across the upload) and its `kind:namespace/name`. */
  document?: number;
  ref?: string;
};

/** Marks a domain error by kind, so that it is recognised even where a bundle holds two copies of this module. */
const DOMAIN_ERROR = Symbol.for("portico.domain-error");

export class DomainError extends Error {
  readonly [DOMAIN_ERROR] = true;
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

/**
 * PostgreSQL errors that are the caller's fault become domain errors; the rest stay internal.
 * Recognised by SQLSTATE (a PostgreSQL error carries a five-character `code` and a `severity`),
 * never by class name: the production bundle renames classes.
 */
export function fromDatabaseError(error: unknown): DomainError | undefined {
  const pg = findPostgresError(error);
  if (!pg) return undefined;
  const code = pg.code;
  if (code === "23505") return conflict("That already exists");
  if (code === "23503") return invalid("It refers to something that does not exist");
  if (code === "23514" || code === "23502") return invalid("A value breaks a rule of the database");
  // Input PostgreSQL cannot store: a NUL character (\u0000) in text or JSON, a value too long to index, a number out of range.
  if (code === "22021" || code === "22P05") return invalid("A value contains a character that cannot be stored (such as \\u0000)");
  if (code === "22001" || code === "54000") return invalid("A value is too long to store");
  if (code === "22003") return invalid("A number is out of range");
  // Other data exceptions (class 22): a date or number PostgreSQL cannot read, bad JSON text, a bad regular expression.
  if (code.startsWith("22")) return invalid("A value cannot be read by the database");
  // Serialization failures and deadlocks are the caller's to retry.
  if (code === "40001" || code === "40P01") return conflict("Another change got there first; try again");
  return undefined;
}

/** The SQLSTATE of a PostgreSQL error anywhere in the cause chain (drizzle wraps the driver's error). */
export function postgresErrorCode(error: unknown): string | undefined {
  return findPostgresError(error)?.code;
}

function findPostgresError(error: unknown): { code: string } | undefined {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e !== "object" || e === null) break;
    const { code, severity } = e as { code?: unknown; severity?: unknown };
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && typeof severity === "string") return { code };
  }
  return undefined;
}

/**
 * Every error a client may see, by kind: domain errors as they are, PostgreSQL errors by SQLSTATE,
 * and a zod validation error that escaped a service (its issues as JSON pointers). The zod check is
 * zod's own `instanceof`, which tests traits rather than the class name.
 */
export function toDomainError(error: unknown): DomainError | undefined {
  if (error instanceof DomainError || (typeof error === "object" && error !== null && DOMAIN_ERROR in error)) return error as DomainError;
  if (error instanceof ZodError) return invalidFromZod("The input is invalid", error);
  return fromDatabaseError(error);
}

import type { Tx } from "@/db/client";
import { toDomainError, type ErrorDetail } from "../errors";

/**
 * One item of an all-or-nothing file import, in a savepoint of the import's transaction: a refused item adds its
 * problems (under `path`, its place in the file) and answers undefined, so the next item's problems are found too.
 * A permission error or a bug is not a problem of the item: it ends the import.
 */
export async function inSavepoint<T>(tx: Tx, problems: ErrorDetail[] | null, path: string, write: (sp: Tx) => Promise<T>): Promise<T | undefined> {
  try {
    return await tx.transaction(write);
  } catch (error) {
    const domain = toDomainError(error);
    if (!domain || domain.code === "FORBIDDEN") throw error;
    if (!problems) return undefined;
    if (domain.details?.length) for (const d of domain.details) problems.push({ path: `${path}${d.path}`, message: d.message });
    else problems.push({ path, message: domain.message });
    return undefined;
  }
}

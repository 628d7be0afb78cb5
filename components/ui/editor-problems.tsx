"use client";

import { TRPCClientError } from "@trpc/client";
import type { EditorProblem } from "@/components/ui/json-editor";

/** Field-level problems from a failed tRPC call (the server's JSON-pointer details), else none. */
export function problemsOf(error: unknown): EditorProblem[] {
  if (!(error instanceof TRPCClientError)) return [];
  const details = (error.data as { details?: EditorProblem[] } | undefined)?.details;
  return Array.isArray(details) ? details : [{ path: "", message: error.message }];
}

const words = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
const singular = (noun: string) => noun.replace(/ies$/, "y").replace(/(?<!s)s$/, "");

/**
 * Where a problem is, in words rather than a JSON pointer: `/rules/5/query/rules/0/property` is
 * "Rule 6 › query › rule 1 › property", `/userInputs/properties/name` is "User inputs › properties › name".
 */
export function placeOf(pointer: string): string {
  const parts: string[] = [];
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^\d+$/.test(segment) && parts.length) parts[parts.length - 1] = `${singular(parts[parts.length - 1]!)} ${Number(segment) + 1}`;
    else parts.push(/^\d+$/.test(segment) ? `item ${Number(segment) + 1}` : words(segment));
  }
  const place = parts.join(" › ");
  return place.charAt(0).toUpperCase() + place.slice(1);
}

/** The server's problems with a draft, each with where it is in words (the JSON pointer is kept for the JSON view's markers). */
export function ProblemList({ problems }: { problems: EditorProblem[] }) {
  if (!problems.length) return null;
  return (
    <div role="alert">
      <ul aria-label="Problems" className="space-y-1 text-sm text-red-700 dark:text-red-400">
        {problems.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            {p.path ? <span className="font-medium">{placeOf(p.path)}: </span> : null}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

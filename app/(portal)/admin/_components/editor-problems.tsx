"use client";

import { TRPCClientError } from "@trpc/client";
import type { EditorProblem } from "@/components/ui/json-editor";

/** Field-level problems from a failed tRPC call (the server's JSON-pointer details), else none. */
export function problemsOf(error: unknown): EditorProblem[] {
  if (!(error instanceof TRPCClientError)) return [];
  const details = (error.data as { details?: EditorProblem[] } | undefined)?.details;
  return Array.isArray(details) ? details : [{ path: "", message: error.message }];
}

/** The server's problems with a draft, each with its JSON pointer. */
export function ProblemList({ problems }: { problems: EditorProblem[] }) {
  if (!problems.length) return null;
  return (
    <ul role="alert" aria-label="Problems" className="space-y-1 text-sm text-red-600 dark:text-red-400">
      {problems.map((p) => (
        <li key={`${p.path}:${p.message}`}>
          <code className="font-mono text-xs">{p.path || "/"}</code> {p.message}
        </li>
      ))}
    </ul>
  );
}

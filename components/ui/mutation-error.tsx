"use client";

/** The message of a failed mutation, announced to screen readers. */
export function MutationError({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-sm whitespace-pre-line text-red-600 dark:text-red-400">
      {error.message}
    </p>
  );
}

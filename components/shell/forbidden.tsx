import { ShieldAlert } from "lucide-react";

export function Forbidden({ what }: { what: string }) {
  return (
    <div role="alert" className="flex flex-col items-center rounded-lg border border-zinc-200 px-6 py-10 text-center dark:border-zinc-800">
      <ShieldAlert aria-hidden className="mb-2 size-6 text-amber-500" />
      <p className="font-medium">You do not have access</p>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{what} is not open to you. Ask an admin if you need it.</p>
    </div>
  );
}

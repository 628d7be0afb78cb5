import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

/** What an unknown address or a missing resource shows (HTTP 404), inside the app's frame when signed in. */
export function NotFoundMessage() {
  return (
    <EmptyState title="Not found">
      Nothing lives at this address: it may have been renamed or deleted, or the link is mistyped.{" "}
      <Link href="/" className="underline">
        Go home
      </Link>{" "}
      or{" "}
      <Link href="/catalog" className="underline">
        browse the catalog
      </Link>
      .
    </EmptyState>
  );
}

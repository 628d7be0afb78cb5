import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

export default function NotFound() {
  return (
    <EmptyState title="Not found">
      Nothing lives at this address. <Link href="/" className="underline">Go home</Link>.
    </EmptyState>
  );
}

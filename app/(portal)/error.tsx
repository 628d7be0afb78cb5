"use client";

import { ErrorState } from "@/components/ui/states";

export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ErrorState
      title="This page could not be shown"
      message={error.digest ? `Something went wrong on our side (reference ${error.digest}).` : error.message}
      retry={reset}
    />
  );
}

"use client";

import { lazy, Suspense, useState } from "react";

export type DialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: React.ReactNode;
};

// Radix's dialog (focus trap, scroll lock, portal) is fetched the first time a dialog on the page
// opens, not with the page: most visits open none.
const RadixDialog = lazy(() => import("./dialog-radix"));

export function Dialog(props: DialogProps) {
  const [opened, setOpened] = useState(props.open);
  if (props.open && !opened) setOpened(true);
  if (!opened) return null;
  return (
    <Suspense fallback={null}>
      <RadixDialog {...props} />
    </Suspense>
  );
}

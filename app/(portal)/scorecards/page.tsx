import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/states";

export const metadata: Metadata = { title: "Scorecards" };

export default function ScorecardsPage() {
  return (
    <>
      <PageHeader title="Scorecards" description="Maturity levels of your software, rule by rule." />
      <EmptyState title="No scorecards yet">
        Scorecards are defined per blueprint by admins; once one exists, every entity&apos;s level shows here.
      </EmptyState>
    </>
  );
}

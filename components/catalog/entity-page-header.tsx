import Link from "next/link";
import { PageHeader } from "../ui/card";

/** The header of an entity's section pages (Delivery, Definition, Scorecards): its title, its blueprint's list and its identifier. */
export function EntityPageHeader({
  blueprint,
  blueprintTitle,
  entity,
  extra,
}: {
  blueprint: string;
  blueprintTitle: string;
  entity: { identifier: string; title: string | null };
  extra?: React.ReactNode;
}) {
  return (
    <PageHeader
      title={entity.title || entity.identifier}
      description={
        <>
          <Link className="underline" href={`/catalog/${encodeURIComponent(blueprint)}`}>
            {blueprintTitle}
          </Link>{" "}
          · <code className="font-mono text-xs">{entity.identifier}</code>
          {extra}
        </>
      }
    />
  );
}

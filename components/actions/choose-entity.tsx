"use client";

import { useRouter } from "next/navigation";
import { useId } from "react";
import type { EntitySearch as EntitySearchInput } from "@/server/catalog/search";
import { EntitySearch } from "../catalog/entity-search";

/**
 * The first step of a DAY-2 or DELETE action opened from the self-service hub: the entity it runs on,
 * searched among those its condition admits; choosing one opens the form on it (`?entity=`).
 */
export function ChooseEntity({ action, blueprint, blueprintTitle, condition }: { action: string; blueprint: string; blueprintTitle: string; condition: unknown }) {
  const router = useRouter();
  const id = useId();
  const label = `The ${blueprintTitle.toLowerCase()} to run it on`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <EntitySearch
        id={id}
        label={label}
        blueprint={blueprint}
        query={(condition ?? undefined) as EntitySearchInput["query"]}
        selected={[]}
        onChoose={(identifier) => router.push(`/self-service/${encodeURIComponent(action)}?entity=${encodeURIComponent(identifier)}`)}
      />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Only the ones this action applies to are listed.</p>
    </div>
  );
}

import { Badge, toneOf } from "../ui/badge";
import type { BlueprintProperty } from "@/db/schema/catalog";

/** One property value rendered by its blueprint definition (links for urls, coloured enums). */
export function PropertyValue({ value, definition }: { value: unknown; definition?: BlueprintProperty }) {
  if (value === null || value === undefined || value === "") return <span className="text-zinc-400">—</span>;
  if (definition?.enum && typeof value === "string") {
    return <Badge tone={toneOf(definition.enumColors?.[value])}>{value}</Badge>;
  }
  if (definition?.format === "url" && typeof value === "string" && /^https?:\/\//.test(value)) {
    return (
      <a href={value} className="text-brand-700 hover:underline dark:text-brand-100" rel="noreferrer noopener" target="_blank">
        {value}
      </a>
    );
  }
  if (typeof value === "boolean") return <span>{value ? "Yes" : "No"}</span>;
  if (typeof value === "object") return <code className="font-mono text-xs">{JSON.stringify(value)}</code>;
  return <span>{String(value)}</span>;
}

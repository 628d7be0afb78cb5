import type { BlueprintProperty } from "@/db/schema/catalog";
import { Markdown } from "../ui/markdown";
import { PropertyValue } from "./property-value";

/**
 * A property value on pages rendered on the server (the entity page): Markdown properties as Markdown, as
 * campaign texts are (GitHub-flavoured, never raw HTML); the rest as `PropertyValue`. The catalog table keeps
 * `PropertyValue` alone, so the Markdown renderer stays out of its browser bundle.
 */
export function RichPropertyValue({ value, definition }: { value: unknown; definition?: BlueprintProperty }) {
  if (definition?.format === "markdown" && typeof value === "string" && value) return <Markdown>{value}</Markdown>;
  return <PropertyValue value={value} definition={definition} />;
}

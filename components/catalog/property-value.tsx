import { Badge, toneOf } from "../ui/badge";
import type { BlueprintProperty } from "@/db/schema/catalog";
import { isLinkUrl } from "./link-url";

const linkClass = "text-brand-700 hover:underline dark:text-brand-300";

type Link = { url: string; title?: unknown };
const isLinkList = (value: unknown[]): value is Link[] =>
  value.every((v) => v !== null && typeof v === "object" && !Array.isArray(v) && typeof (v as { url?: unknown }).url === "string");
const isScalarMap = (value: object): value is Record<string, string | number | boolean> =>
  !Array.isArray(value) && Object.values(value).every((v) => ["string", "number", "boolean"].includes(typeof v));
const isScalarList = (value: unknown[]): value is (string | number | boolean)[] => value.every((v) => ["string", "number", "boolean"].includes(typeof v));

/**
 * One property value rendered by its blueprint definition: links for urls, coloured enums, a list of
 * words (tags) as chips, a list of links (Backstage's `links`) as links with their titles; other
 * objects of words (annotations, labels) as a key/value list; other objects as compact JSON.
 */
export function PropertyValue({ value, definition }: { value: unknown; definition?: BlueprintProperty }) {
  if (value === null || value === undefined || value === "") return <span className="text-zinc-400">—</span>;
  if (definition?.enum && typeof value === "string") {
    return <Badge tone={toneOf(definition.enumColors?.[value])}>{value}</Badge>;
  }
  if (definition?.format === "url" && typeof value === "string" && isLinkUrl(value)) {
    return (
      <a href={value} className={linkClass} rel="noreferrer noopener" target="_blank">
        {value}
      </a>
    );
  }
  if (typeof value === "boolean") return <span>{value ? "Yes" : "No"}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-zinc-400">—</span>;
    if (isScalarList(value)) {
      return (
        <span className="inline-flex flex-wrap gap-1">
          {value.map((v, i) => (
            <Badge key={i}>{String(v)}</Badge>
          ))}
        </span>
      );
    }
    if (isLinkList(value)) {
      return (
        <span className="inline-flex flex-wrap gap-x-3">
          {value.map((l, i) => {
            const label = typeof l.title === "string" && l.title ? l.title : l.url;
            return isLinkUrl(l.url) ? (
              <a key={i} href={l.url} className={linkClass} rel="noreferrer noopener" target="_blank">
                {label}
              </a>
            ) : (
              <span key={i}>{label}</span>
            );
          })}
        </span>
      );
    }
  }
  if (typeof value === "object" && isScalarMap(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span className="text-zinc-400">—</span>;
    // Annotations and labels: one key per line, link values as links.
    return (
      <dl className="grid grid-cols-[minmax(0,max-content)_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
        {entries.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="break-all font-mono text-zinc-500">{k}</dt>
            <dd className="break-all font-mono">
              {typeof v === "string" && /^https?:\/\//.test(v) && isLinkUrl(v) ? (
                <a href={v} className={linkClass} rel="noreferrer noopener" target="_blank">
                  {v}
                </a>
              ) : (
                String(v)
              )}
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  if (typeof value === "object") return <code className="font-mono text-xs">{JSON.stringify(value)}</code>;
  return <span>{String(value)}</span>;
}

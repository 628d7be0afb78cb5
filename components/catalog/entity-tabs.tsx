import Link from "next/link";
import { entityHref } from "./entity-link";

/** An entity page's sections: the overview, a service's Delivery, an API's Definition (when it has one), its Docs (when it names a repository) and Scorecards. */
export function EntityTabs({
  blueprint,
  identifier,
  current,
  definition = false,
  docs = false,
}: {
  blueprint: string;
  identifier: string;
  current: "overview" | "delivery" | "definition" | "docs" | "scorecards";
  definition?: boolean;
  docs?: boolean;
}) {
  const base = entityHref(blueprint, identifier);
  const tabs = [
    { key: "overview", label: "Overview", href: base },
    ...(blueprint === "service" ? [{ key: "delivery", label: "Delivery", href: `${base}/delivery` }] : []),
    ...(definition ? [{ key: "definition", label: "Definition", href: `${base}/definition` }] : []),
    ...(docs ? [{ key: "docs", label: "Docs", href: `${base}/docs` }] : []),
    { key: "scorecards", label: "Scorecards", href: `${base}/scorecards` },
  ];
  return (
    <nav aria-label="Entity sections" className="mb-4 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {tabs.map((t) => {
        const props = {
          href: t.href,
          "aria-current": t.key === current ? ("page" as const) : undefined,
          className: `-mb-px border-b-2 px-3 py-2 text-sm ${t.key === current ? "border-brand-600 font-medium" : "border-transparent text-zinc-600 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200"}`,
        };
        // The Definition page is a new document: its Content-Security-Policy allows what its viewers need (proxy.ts).
        return t.key === "definition" ? (
          <a key={t.key} {...props}>
            {t.label}
          </a>
        ) : (
          <Link key={t.key} {...props}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}

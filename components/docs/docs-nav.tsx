import Link from "next/link";
import type { DocNavItem } from "@/db/schema/docs";
import { docsPageHref } from "./docs-href";

/** A docs site's navigation (mkdocs.yml `nav`, or the folders): sections, pages and outside links; the open page marked. */
export function DocsNav({ blueprint, identifier, nav, current }: { blueprint: string; identifier: string; nav: DocNavItem[]; current?: string }) {
  const list = (items: DocNavItem[], depth: number) => (
    <ul className={depth ? "mt-1 ml-3 space-y-1 border-l border-zinc-200 pl-2 dark:border-zinc-800" : "space-y-1"}>
      {items.map((item, i) => (
        <li key={`${item.title}-${i}`}>
          {item.children ? (
            <>
              <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{item.title}</p>
              {list(item.children, depth + 1)}
            </>
          ) : item.page ? (
            <Link
              href={docsPageHref(blueprint, identifier, item.page)}
              aria-current={item.page === current ? "page" : undefined}
              className={`block rounded px-1.5 py-0.5 text-sm ${item.page === current ? "bg-brand-50 font-medium text-brand-700 dark:bg-brand-700/30 dark:text-brand-300" : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"}`}
            >
              {item.title}
            </Link>
          ) : item.url ? (
            <a href={item.url} rel="noreferrer" target="_blank" className="block px-1.5 py-0.5 text-sm text-zinc-700 underline dark:text-zinc-300">
              {item.title} ↗
            </a>
          ) : null}
        </li>
      ))}
    </ul>
  );
  return (
    <nav aria-label="Docs pages" className="text-sm">
      {list(nav, 0)}
    </nav>
  );
}

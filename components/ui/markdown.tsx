import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { isLinkUrl } from "@/components/catalog/link-url";

/**
 * Markdown as people write it in Portico (campaign texts; GitHub-flavoured: tables, task lists, links).
 * Raw HTML is never rendered (react-markdown leaves it out), and links go only to web or mail addresses.
 */
export function Markdown({ children }: { children: string }) {
  return (
    <div className="markdown space-y-2 text-sm leading-relaxed [&_a]:text-brand-700 [&_a]:underline dark:[&_a]:text-brand-300 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 dark:[&_code]:bg-zinc-800 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-medium [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-auto [&_pre]:rounded-md [&_pre]:bg-zinc-950 [&_pre]:p-3 [&_pre]:text-zinc-100 [&_table]:text-left [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-5">
      <ReactMarkdown remarkPlugins={[remarkGfm]} urlTransform={(url) => (url.startsWith("/") || url.startsWith("#") || isLinkUrl(url) ? url : "")}>
        {children}
      </ReactMarkdown>
    </div>
  );
}

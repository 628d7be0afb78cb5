import type { ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { isLinkUrl } from "@/components/catalog/link-url";
import { MermaidDiagram } from "./mermaid-diagram";

/** How a document's own links and images are reached: docs pages resolve them in their repository (docs-links.ts). */
export type MarkdownLinks = { link: (url: string) => string; image: (url: string) => string };

const safeUrl = (url: string) => (url.startsWith("/") || url.startsWith("#") || isLinkUrl(url) ? url : "");

type HastText = { type: string; value?: string; children?: HastText[]; properties?: { className?: unknown } };
const textOf = (node: HastText | undefined): string => (node?.type === "text" ? (node.value ?? "") : (node?.children ?? []).map(textOf).join(""));

const components: Components = {
  // A ```mermaid block is a diagram; other blocks are highlighted by rehype-highlight (lowlight's common languages).
  pre({ node, children, ...props }) {
    const code = (node as HastText | undefined)?.children?.find((c) => c.type === "element");
    const classes = code?.properties?.className;
    if (Array.isArray(classes) && classes.includes("language-mermaid")) return <MermaidDiagram code={textOf(code).trimEnd()} />;
    // A block wider than the page scrolls: focusable, so the keyboard scrolls it too.
    return (
      <pre tabIndex={0} {...props}>
        {children as ReactNode}
      </pre>
    );
  },
};

/**
 * Markdown as people write it in Portico and in their repositories (campaign texts, markdown properties,
 * docs): GitHub-flavoured (tables, task lists), code highlighted, ```mermaid diagrams drawn. Raw HTML is
 * never rendered (react-markdown leaves it out), and links go only to web or mail addresses, or through
 * `links` to what Portico serves.
 */
export function Markdown({ children, links }: { children: string; links?: MarkdownLinks }) {
  return (
    <div className="markdown space-y-2 text-sm leading-relaxed [&_a]:text-brand-700 [&_a]:underline dark:[&_a]:text-brand-300 [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 dark:[&_code]:bg-zinc-800 [&_h1]:text-lg [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-medium [&_img]:max-w-full [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-auto [&_pre]:rounded-md [&_pre]:bg-zinc-950 [&_pre]:p-3 [&_pre]:text-zinc-100 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_table]:text-left [&_td]:border [&_td]:px-2 [&_th]:border [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-5">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[[rehypeHighlight, { plainText: ["mermaid"] }]]}
        components={components}
        urlTransform={(url, key) => safeUrl(links ? (key === "src" ? links.image(url) : links.link(url)) : url)}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}

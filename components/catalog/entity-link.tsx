import Link from "next/link";

export function entityHref(blueprint: string, identifier: string) {
  return `/catalog/${encodeURIComponent(blueprint)}/${encodeURIComponent(identifier)}`;
}

export function EntityLink({ blueprint, identifier, title }: { blueprint: string; identifier: string; title?: string | null }) {
  return (
    <Link href={entityHref(blueprint, identifier)} className="font-medium text-brand-700 hover:underline dark:text-brand-300">
      {title || identifier}
    </Link>
  );
}

import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { createTRPCContext } from "@/server/trpc/context";
import { appRouter } from "@/server/trpc/root";
import { makeQueryClient } from "./query-client";

/** One QueryClient per server request. */
export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () => createTRPCContext({ headers: await headers() }));

/** Query options for server components: `await getQueryClient().fetchQuery(trpc.x.queryOptions())`. */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/**
 * A direct caller for server components that need the data itself (not only a prefetch). A resource that
 * does not exist renders the nearest not-found page with HTTP 404 (notFound()), whichever page asked: no
 * page needs to catch NOT_FOUND itself.
 */
export const serverCaller = cache(async () =>
  appRouter.createCaller(await createContext(), {
    onError: ({ error }) => {
      if (error.code === "NOT_FOUND") notFound();
    },
  }),
);

export function HydrateClient({ children }: { children: React.ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/**
 * Fills the request's QueryClient before rendering, so that client components using `useQuery`
 * render the same data on the server and in the browser (no hydration mismatch).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function prefetch<T extends ReturnType<TRPCQueryOptions<any>>>(...queryOptions: T[]) {
  await Promise.all(queryOptions.map((o) => getQueryClient().prefetchQuery(o)));
}

/**
 * Prefetch for the resource a page is about: fetched before rendering, so that a missing one is the
 * not-found page (HTTP 404) rather than an error shown later in the browser. Other errors reach the
 * error page.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function prefetchResource<T extends ReturnType<TRPCQueryOptions<any>>>(queryOptions: T) {
  try {
    await getQueryClient().fetchQuery(queryOptions);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}


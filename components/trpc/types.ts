import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

/** What procedures return and take, for client components (types only). */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type Blueprint = RouterOutputs["catalog"]["blueprint"];
export type BlueprintProperty = Blueprint["schema"]["properties"][string];
export type Entity = RouterOutputs["catalog"]["entity"];

import type { Invocation } from "../definition";
import { githubRepository } from "./github-repository";
import { githubWorkflow } from "./github-workflow";
import { gitlabPipeline } from "./gitlab-pipeline";
import { kubernetesJob } from "./kubernetes-job";
import type { Target } from "./target";
import { upsertEntity } from "./upsert-entity";
import { webhook } from "./webhook";

// Each target's payload and state are its own; what the registry holds it to is the invocation type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Registry = { [K in Invocation["type"]]: Target<Extract<Invocation, { type: K }>, any, any> };

/**
 * Every self-service target by its invocation type. Exhaustive: an invocation type in definition.ts
 * without its target here does not compile.
 */
export const targets: Registry = {
  "github-workflow": githubWorkflow,
  "gitlab-pipeline": gitlabPipeline,
  "kubernetes-job": kubernetesJob,
  webhook,
  "upsert-entity": upsertEntity,
  "github-repository": githubRepository,
};

/** The target of `type`, typed loosely for the glue that handles every target alike (server/actions/invocations.ts). */
export const targetOf = (type: Invocation["type"]) =>
  targets[type] as unknown as Target<Invocation, Record<string, unknown>, Record<string, unknown>>;

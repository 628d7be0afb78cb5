import { parse as parseYaml } from "yaml";
import type { Invocation } from "../definition";
import { github, githubMissing } from "../../integrations/credentials";
import type { Outcome, Target } from "./target";
import { registerEntity } from "./upsert-entity";

type GitHubRepository = Extract<Invocation, { type: "github-repository" }>;
type Payload = Omit<GitHubRepository, "type" | "private"> & { private: boolean };

/** A repository created from a template repository, with its catalog-info.yaml written and the entity registered. */
export const githubRepository: Target<GitHubRepository, Payload> = {
  type: "github-repository",
  source: "github",
  unavailable: (db) => githubMissing(db),
  render(invocation) {
    const { type: _type, ...settings } = invocation;
    void _type;
    return {
      target: `github.com/${invocation.owner}/${invocation.name} from template ${invocation.templateOwner}/${invocation.templateRepo}`,
      payload: { ...settings, private: invocation.private === true || invocation.private === "true" },
    };
  },
  async dispatch(ctx, run, r) {
    const gh = await github(ctx.db);
    const logs: Outcome["logs"] = [];
    const { repo, created } = await gh.createFromTemplate(r);
    logs.push({ source: "github", message: created ? `Created ${repo.full_name} from ${r.templateOwner}/${r.templateRepo}` : `${repo.full_name} already exists; kept it` });
    if (r.catalogInfo) {
      parseYaml(r.catalogInfo);
      await gh.putFile({ owner: r.owner, repo: r.name, path: "catalog-info.yaml", content: r.catalogInfo, message: `Register in Portico (run ${run.id})` });
      logs.push({ source: "github", message: "Wrote catalog-info.yaml" });
    }
    const affected: Outcome["affectedEntities"] = [];
    if (r.register) {
      const written = await registerEntity(ctx, r.register.blueprint, r.register.mapping);
      affected.push({ blueprint: written.blueprint, identifier: written.identifier });
      logs.push({ source: "portico", message: `Registered ${written.blueprint} ${written.identifier}` });
    }
    return { status: "SUCCESS", link: repo.html_url, summary: `Repository ${repo.full_name} is ready`, affectedEntities: affected, logs };
  },
  follow: "at-dispatch",
};

import type { Operation } from "../contract/operation";
import * as actions from "./actions";
import * as campaigns from "./campaigns";
import * as catalog from "./catalog";
import * as delivery from "./delivery";
import * as docs from "./docs";
import * as imports from "./imports";
import * as insights from "./insights";
import * as meta from "./meta";
import * as platform from "./platform";
import * as teams from "./teams";

/**
 * Every operation of the API, in the order the reference lists them. A new operation is declared in
 * its domain's module here and exported from its route file with `restRoute`; the contract tests
 * fail until both are done.
 */
export function allOperations(): Operation[] {
  return [catalog, teams, campaigns, actions, delivery, docs, insights, platform, imports, meta].flatMap((module) => Object.values(module) as Operation[]);
}

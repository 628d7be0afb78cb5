import { createHash } from "node:crypto";
import { entities, entityDocAssets, entityDocPages, entityDocs, type DocNavItem } from "@/db/schema";
import { and, eq, inArray } from "drizzle-orm";
import { audited } from "../audit/audited";
import type { ServiceContext } from "../context";
import { navFromFolders, navFromMkdocs, pageTitle } from "../docs/site";

/**
 * Docs for the demo services (all but the deprecated one), as a repository's `docs/` folder would hold them (pages, a diagram, an
 * image, an mkdocs.yml nav for the Payments API), so the Docs tab, search and Ctrl-K have something to
 * show before GitHub is connected. Marked `demo`: the hourly sync leaves them alone, and "Refresh now"
 * (with GitHub connected) replaces them with the repository's own.
 */
const flowSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="560" height="120" viewBox="0 0 560 120" font-family="sans-serif" font-size="14">
<rect width="560" height="120" fill="#f4f4f5"/>
<g fill="#fff" stroke="#3f3f46"><rect x="20" y="40" width="120" height="40" rx="6"/><rect x="220" y="40" width="120" height="40" rx="6"/><rect x="420" y="40" width="120" height="40" rx="6"/></g>
<g fill="#18181b" text-anchor="middle"><text x="80" y="65">Checkout</text><text x="280" y="65">Payments API</text><text x="480" y="65">Card network</text></g>
<g stroke="#3f3f46" stroke-width="2"><line x1="140" y1="60" x2="220" y2="60"/><line x1="340" y1="60" x2="420" y2="60"/></g>
</svg>
`;

const paymentsDocs: Record<string, string> = {
  "index.md": `# Payments API

The Payments API authorises and captures card payments for every checkout. It is **tier 1**: an outage stops all sales.

## How a payment flows

\`\`\`mermaid
sequenceDiagram
  participant C as Checkout web
  participant P as Payments API
  participant F as Fraud scoring
  participant L as Ledger
  C->>P: POST /payments
  P->>F: score(transaction)
  F-->>P: risk 0.02
  P->>L: record authorisation
  P-->>C: 201 authorised
\`\`\`

## Calling it

\`\`\`go
resp, err := client.Payments.Create(ctx, &payments.CreateRequest{
    Amount:   4200, // minor units
    Currency: "EUR",
    Source:   token,
})
if err != nil {
    return fmt.Errorf("authorise: %w", err)
}
\`\`\`

| Endpoint | Purpose | p99 target |
| --- | --- | --- |
| \`POST /payments\` | Authorise | 300 ms |
| \`POST /payments/{id}/capture\` | Capture | 200 ms |
| \`POST /payments/{id}/refunds\` | Refund | 500 ms |

See the [runbook](runbook.md) when it pages, and [the architecture decisions](architecture/decisions.md) for why it is built this way.
`,
  "runbook.md": `# Runbook

## Alerts

- [ ] **PaymentsErrorRateHigh**: more than 1 % of authorisations fail for 5 minutes.
- [ ] **PaymentsLatencyHigh**: p99 over 800 ms for 10 minutes.

## First steps

1. Check the card network's status page and the [Fraud scoring](/catalog/service/fraud-scoring) dashboard.
2. Roll back the last deployment with the *Roll back a deployment* action if it went out in the last hour.
3. Scale out:

\`\`\`bash
kubectl -n payments scale deployment/payments-api --replicas=12
\`\`\`

> Never disable fraud scoring to restore throughput: page the fraud team instead.
`,
  "architecture/decisions.md": `# Architecture decisions

![Checkout calls the Payments API, which calls the card network](../img/payment-flow.svg)

## ADR-001: Idempotency keys on every write

Every \`POST\` takes an \`Idempotency-Key\`; a retried request returns the first answer. Checkout retries on timeouts, so a payment is never taken twice.

## ADR-002: The ledger is the source of truth

The Payments API keeps no balances: it records each authorisation and capture in the [Ledger](/catalog/service/ledger/docs) and reads balances from it.
`,
};

const simpleDocs = (title: string, language: string, about: string): Record<string, string> => ({
  "index.md": `# ${title}

${about}

## Getting started

\`\`\`bash
git clone https://github.com/portico-demo/${title.toLowerCase().replace(/\s+/g, "-")}.git
make test
\`\`\`

Written in ${language}. Deployed by the *Deploy a service* golden path; see the [runbook](runbook.md) when it pages.
`,
  "runbook.md": `# Runbook

1. Look at the service's dashboard and its latest deployment on the **Delivery** tab.
2. Roll back with the *Roll back a deployment* action when the last deployment is the cause.
3. Escalate to the owning team's on-call.
`,
});

const demoSites: { identifier: string; siteName: string; files: Record<string, string>; nav?: unknown[] }[] = [
  { identifier: "payments-api", siteName: "Payments API", files: paymentsDocs, nav: [{ Home: "index.md" }, { Runbook: "runbook.md" }, { Architecture: [{ Decisions: "architecture/decisions.md" }] }] },
  { identifier: "ledger", siteName: "Ledger", files: simpleDocs("Ledger", "Kotlin", "The double-entry ledger of all money movements: every authorisation, capture, refund and payout is two entries that balance.") },
  { identifier: "payouts", siteName: "Payouts", files: simpleDocs("Payouts", "Go", "Pays merchants out daily from their ledger balance, in batches per currency.") },
  { identifier: "checkout-web", siteName: "Checkout web", files: simpleDocs("Checkout web", "TypeScript", "The checkout single-page app: cart, address, payment and confirmation.") },
  { identifier: "fraud-scoring", siteName: "Fraud scoring", files: simpleDocs("Fraud scoring", "Python", "Scores each transaction's fraud risk from 0 to 1 before the Payments API authorises it.") },
  { identifier: "cart-service", siteName: "Cart service", files: simpleDocs("Cart service", "Java", "Holds shopping carts until checkout, for seven days.") },
  { identifier: "portico", siteName: "Portico", files: simpleDocs("Portico", "TypeScript", "This portal: the catalog, scorecards, self-service and environments.") },
  // The deprecated CI runners have none: their Docs tab shows what to add, and the insights count them as missing docs.
];

export async function seedDemoDocs(ctx: ServiceContext) {
  const present = await ctx.db
    .select({ identifier: entities.identifier })
    .from(entities)
    .where(and(eq(entities.blueprint, "service"), inArray(entities.identifier, demoSites.map((s) => s.identifier))));
  const sites = demoSites.filter((s) => present.some((p) => p.identifier === s.identifier));
  if (!sites.length) return;
  const sha = (content: string) => createHash("sha1").update(content).digest("hex");
  await audited(ctx, async (tx) => {
    for (const site of sites) {
      const titles = new Map(Object.entries(site.files).map(([path, markdown]) => [path, pageTitle(markdown, path)]));
      const nav: DocNavItem[] = site.nav ? navFromMkdocs(site.nav, titles) : navFromFolders(titles);
      const key = { blueprint: "service", identifier: site.identifier };
      await tx
        .insert(entityDocs)
        .values({ ...key, source: "demo", siteName: site.siteName, nav, status: "ok", pages: titles.size, syncedAt: new Date() })
        .onConflictDoNothing();
      await tx
        .insert(entityDocPages)
        .values(Object.entries(site.files).map(([path, markdown]) => ({ ...key, path, markdown, title: titles.get(path)!, sha: sha(markdown) })))
        .onConflictDoNothing();
    }
    if (sites.some((s) => s.identifier === "payments-api")) {
      await tx
        .insert(entityDocAssets)
        .values({ blueprint: "service", identifier: "payments-api", path: "img/payment-flow.svg", sha: sha(flowSvg), contentType: "image/svg+xml", bytes: Buffer.from(flowSvg) })
        .onConflictDoNothing();
    }
    return {
      result: undefined,
      audit: sites.map((s) => ({ action: "docs.sync", resourceType: "entity", resourceId: `service/${s.identifier}`, after: { source: "demo", pages: Object.keys(s.files) } })),
    };
  });
}

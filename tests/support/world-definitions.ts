/**
 * The organisation of the authorization matrix, the fuzz tests and the concurrency tests, as data:
 * tests/support/world.ts builds it through the services, tests/e2e/http-world.ts through the API of
 * the production build.
 */
export const worldDefinitions = {
  users: [
    { key: "admin", email: "admin@example.com", role: "admin", teams: ["platform"] },
    { key: "owner", email: "owner@example.com", role: "member", teams: ["payments"] },
    { key: "outsider", email: "outsider@example.com", role: "member", teams: ["search"] },
  ] as const,
  service: {
    identifier: "service",
    title: "Service",
    schema: { properties: { language: { type: "string" }, lifecycle: { type: "string", enum: ["production", "experimental"] }, repository: { type: "string" } }, required: [] },
    relations: { dependsOn: { target: "service", many: true } },
  },
  // As the built-in environment blueprint of a running portal has it.
  environment: { identifier: "environment", title: "Environment", schema: { properties: { type: { type: "string" }, cluster: { type: "string" }, namespace: { type: "string" } }, required: [] } },
  services: [
    { identifier: "payments-api", title: "Payments API", team: ["payments"], properties: { language: "go", lifecycle: "production", repository: "https://github.com/acme/payments-api" } },
    { identifier: "search-api", title: "Search API", team: ["search"], properties: { language: "rust", lifecycle: "experimental" } },
  ],
  environments: [{ identifier: "production", properties: { type: "production", cluster: "prod", namespace: "payments" } }],
  scorecard: {
    identifier: "readiness",
    title: "Readiness",
    levels: [{ title: "Basic", color: "gray" }, { title: "Gold", color: "#d4af37" }],
    rules: [{ identifier: "lang", title: "Has a language", level: "Gold", query: { combinator: "and", rules: [{ property: "language", operator: "isNotEmpty" }] } }],
  },
  // A team's own campaign on the scorecard: its members may change or end it, other teams' may not.
  campaign: {
    identifier: "languages",
    title: "Every service names its language",
    blueprint: "service",
    scorecard: "readiness",
    goal: { level: "Gold" },
    team: "payments",
    startsAt: "2026-01-01T00:00:00.000Z",
    dueAt: "2030-12-31T00:00:00.000Z",
  },
  // The webhook target is never reached: hooks.example.com does not resolve on a test machine.
  webhooks: { allowlist: ["hooks.example.com"], signingSecret: "world-signing-secret-0123456789", notificationUrl: "" },
  notify: {
    identifier: "notify",
    title: "Notify the owners",
    blueprint: "service",
    operation: "DAY-2",
    userInputs: { properties: { message: { type: "string", minLength: 1 } }, required: ["message"] },
    invocation: { type: "webhook", url: "https://hooks.example.com/notify", body: { text: "{{ inputs.message }}" } },
    permissions: { execute: { ownerTeam: true } },
  },
  guarded: { identifier: "guarded", title: "Guarded notify", approval: { required: true, approvers: { teams: ["platform"] } } },
  importProgressId: "5b0c3a6e-9f1d-4c8e-8a57-2f4b6d1e9c30",
  runs: { queued: { action: "notify", body: { entity: "payments-api", inputs: { message: "hello" } } }, waiting: { action: "guarded", body: { entity: "payments-api", inputs: { message: "please" } } } },
};

import { putAction } from "../actions/service";
import type { ServiceContext } from "../context";

/**
 * The golden paths of the demo: each shows one invocation type. Those that reach GitHub or a
 * cluster fail with a clear message until an admin connects one (Admin → Integrations); the
 * preview environment runs inside Portico and works on first start.
 */
const demoActions = [
  {
    identifier: "create-service",
    title: "Create a service from a template",
    icon: "git-branch",
    description: "A new repository from the service template, with its catalog-info.yaml, registered in the catalog.",
    blueprint: "service",
    operation: "CREATE",
    userInputs: {
      properties: {
        name: { type: "string", title: "Name", description: "Lowercase letters, digits and dashes", pattern: "^[a-z][a-z0-9-]{2,40}$" },
        description: { type: "string", title: "Description", maxLength: 200 },
        language: { type: "string", title: "Language", enum: ["Go", "Kotlin", "Python", "TypeScript"], default: "Go" },
        team: { type: "string", title: "Owning team", format: "team" },
        private: { type: "boolean", title: "Private repository", default: true },
      },
      required: ["name", "team"],
      steps: [
        { title: "Service", properties: ["name", "description", "language"] },
        { title: "Ownership", properties: ["team", "private"] },
      ],
    },
    invocation: {
      type: "github-repository",
      templateOwner: "portico-demo",
      templateRepo: "service-template",
      owner: "portico-demo",
      name: "{{ inputs.name }}",
      description: "{{ inputs.description }}",
      private: "{{ inputs.private }}",
      catalogInfo:
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: {{ inputs.name }}\n  description: {{ inputs.description }}\nspec:\n  type: service\n  lifecycle: experimental\n  owner: {{ inputs.team }}\n",
      register: {
        blueprint: "service",
        mapping: {
          identifier: "{{ inputs.name }}",
          team: "{{ inputs.team }}",
          properties: { description: "{{ inputs.description }}", language: "{{ inputs.language }}", lifecycle: "experimental", repository: "https://github.com/portico-demo/{{ inputs.name }}" },
        },
      },
    },
  },
  {
    identifier: "provision-database",
    title: "Provision a database",
    icon: "database",
    description: "A PostgreSQL database for the service, created by a Kubernetes Job in the platform cluster.",
    blueprint: "service",
    operation: "DAY-2",
    condition: { combinator: "and", rules: [{ property: "lifecycle", operator: "!=", value: "deprecated" }] },
    userInputs: {
      properties: {
        size: { type: "string", title: "Size", enum: ["small", "medium", "large"], default: "small" },
        highAvailability: { type: "boolean", title: "High availability", default: false },
        replicas: { type: "integer", title: "Replicas", minimum: 2, maximum: 5, default: 2, visible: { property: "highAvailability", operator: "=", value: true } },
        adminPassword: { type: "string", title: "Admin password", format: "secret", minLength: 12 },
      },
      required: ["size", "adminPassword"],
    },
    invocation: {
      type: "kubernetes-job",
      cluster: "platform",
      namespace: "portico-jobs",
      jobTemplate: {
        metadata: { labels: { "portico.dev/service": "{{ entity.identifier }}" } },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "provision",
                  image: "ghcr.io/portico-demo/db-provisioner:1",
                  args: ["--service", "{{ entity.identifier }}", "--size", "{{ inputs.size }}", "--replicas", "{{ inputs.highAvailability ? inputs.replicas : 1 }}"],
                  env: [{ name: "ADMIN_PASSWORD", value: "{{ inputs.adminPassword }}" }],
                },
              ],
            },
          },
        },
      },
    },
    permissions: { execute: { ownerTeam: true, roles: ["admin"] } },
  },
  {
    identifier: "deploy",
    title: "Deploy a version",
    icon: "rocket",
    description: "Runs the deploy workflow for a version in an environment.",
    blueprint: "service",
    operation: "DAY-2",
    userInputs: {
      properties: {
        environment: { type: "string", title: "Environment", format: "entity", blueprint: "environment" },
        // The versions the Delivery and Environments pages show are 1.15.3; a tag's leading v is allowed too.
        version: { type: "string", title: "Version", description: "A version such as 1.15.3 (or the tag v1.15.3)", pattern: "^v?\\d+\\.\\d+\\.\\d+$" },
      },
      required: ["environment", "version"],
      order: ["environment", "version"],
    },
    invocation: {
      type: "github-workflow",
      owner: "portico-demo",
      repo: "deployments",
      workflow: "deploy.yml",
      ref: "main",
      inputs: { service: "{{ entity.identifier }}", environment: "{{ inputs.environment }}", version: "{{ inputs.version }}" },
    },
    permissions: { execute: { ownerTeam: true } },
  },
  {
    identifier: "create-preview-environment",
    title: "Create a preview environment",
    icon: "flask-conical",
    description: "A short-lived environment for a branch, deleted when it expires.",
    blueprint: "service",
    operation: "DAY-2",
    userInputs: {
      properties: {
        branch: { type: "string", title: "Branch", description: "Lowercase letters, digits and dashes", pattern: "^[a-z0-9][a-z0-9-]{0,40}$" },
        copyFrom: { type: "string", title: "Copy configuration from", format: "entity", blueprint: "environment", dataset: { combinator: "and", rules: [{ property: "type", operator: "in", value: ["development", "staging"] }] } },
        hours: { type: "integer", title: "Lifetime (hours)", minimum: 1, maximum: 72, default: 24 },
      },
      required: ["branch", "copyFrom"],
      order: ["branch", "copyFrom", "hours"],
    },
    invocation: {
      type: "upsert-entity",
      blueprint: "environment",
      mapping: {
        identifier: "preview-{{ entity.identifier }}-{{ inputs.branch }}",
        title: "Preview {{ entity.title }} ({{ inputs.branch }})",
        team: "{{ entity.team }}",
        properties: { type: "preview", cluster: "dev-eu-1", namespace: "pr-{{ inputs.branch }}", expiresAt: "{{ $fromMillis($toMillis($now()) + inputs.hours * 3600000) }}" },
      },
    },
    approval: { required: true, approvers: { roles: ["admin"], teams: ["platform"] } },
  },
];

/** Creates the demo actions (golden paths). */
export async function seedDemoActions(ctx: ServiceContext) {
  for (const action of demoActions) await putAction({ ctx, input: action });
}

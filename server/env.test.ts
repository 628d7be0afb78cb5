import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

const sso = { AUTH_OIDC_ISSUER: "https://idp.example.com", AUTH_OIDC_ID: "portico", AUTH_OIDC_SECRET: "s" };
const secrets = { AUTH_SECRET: "x".repeat(32), PORTICO_ENCRYPTION_KEY: "y".repeat(32) };

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("needs nothing for the local start, which offers the demo sign-in", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ embeddedDatabase: true, demoSignIn: true, PORT: 3000, PORTICO_DATA_DIR: ".portico", PORTICO_DEMO_DATA: true });
  });

  it("drops the demo sign-in as soon as SSO is configured", () => {
    expect(parseEnv(sso)).toMatchObject({ oidcConfigured: true, demoSignIn: false });
    expect(parseEnv({ AUTH_GITHUB_ID: "a", AUTH_GITHUB_SECRET: "b" })).toMatchObject({ githubConfigured: true, demoSignIn: false });
  });

  it("refuses a real DATABASE_URL without SSO and says how to configure it", () => {
    const [problem] = problems({ DATABASE_URL: "postgres://db/portico", ...secrets });
    expect(problem).toMatch(/^DATABASE_URL: a real DATABASE_URL needs single sign-on: set AUTH_OIDC_ISSUER/);
  });

  it("accepts a production configuration", () => {
    const env = parseEnv({
      DATABASE_URL: "postgres://db/portico",
      ...sso,
      ...secrets,
      PORTICO_ADMIN_GROUPS: "platform-admins, sre",
      PORTICO_STATIC_TOKENS: "ci:admin:0123456789abcdef0123,exporter:member:abcdefabcdefabcdef",
    });
    expect(env.embeddedDatabase).toBe(false);
    expect(env.PORTICO_ADMIN_GROUPS).toEqual(["platform-admins", "sre"]);
    expect(env.PORTICO_STATIC_TOKENS).toEqual([
      { name: "ci", role: "admin", secret: "0123456789abcdef0123" },
      { name: "exporter", role: "member", secret: "abcdefabcdefabcdef" },
    ]);
  });

  it("names every bad value in readable terms", () => {
    expect(
      problems({ PORT: "http", AUTH_OIDC_ISSUER: "not a url", PORTICO_DEMO_DATA: "maybe", PORTICO_STATIC_TOKENS: "ci:root:short" }),
    ).toEqual(
      expect.arrayContaining([
        "PORT: must be a port number",
        "AUTH_OIDC_ISSUER: must be a URL such as https://portal.example.com",
        "PORTICO_DEMO_DATA: must be true or false",
        expect.stringMatching(/^PORTICO_STATIC_TOKENS: each token must read name:role:secret/),
      ]),
    );
    expect(problems({ AUTH_OIDC_ISSUER: "https://idp.example.com" })).toEqual([
      "AUTH_OIDC_ISSUER: AUTH_OIDC_ISSUER, AUTH_OIDC_ID and AUTH_OIDC_SECRET must be set together",
    ]);
  });

  it("needs AUTH_SECRET and PORTICO_ENCRYPTION_KEY with a real database", () => {
    expect(problems({ DATABASE_URL: "postgres://db/portico", ...sso })).toEqual([
      "AUTH_SECRET: is required with a real DATABASE_URL",
      "PORTICO_ENCRYPTION_KEY: is required with a real DATABASE_URL",
    ]);
  });

  it("knows the API server of the cluster it runs in from the kubelet's variables, and none outside a pod", () => {
    expect(parseEnv({}).inClusterServer).toBeNull();
    expect(parseEnv({ KUBERNETES_SERVICE_HOST: "10.96.0.1", KUBERNETES_SERVICE_PORT: "443" }).inClusterServer).toBe("https://10.96.0.1:443");
    expect(parseEnv({ KUBERNETES_SERVICE_HOST: "fd00::1", KUBERNETES_SERVICE_PORT: "443" }).inClusterServer).toBe("https://[fd00::1]:443");
    expect(parseEnv({}).PORTICO_SERVICE_ACCOUNT_DIR).toBe("/var/run/secrets/kubernetes.io/serviceaccount");
  });
});

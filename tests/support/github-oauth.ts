import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readRequestBody } from "./request-body";

/**
 * GitHub's OAuth web flow and the user endpoints sign-in reads, on loopback, shaped like GitHub
 * Enterprise Server (`/login/oauth/*` on the host, the REST API under `/api/v3`): authorize with
 * PKCE, exchange the code (form-encoded, JSON answer when asked), `GET /user` and `GET /user/emails`
 * with GitHub's JSON, 401 "Bad credentials" for a revoked token. The "signed-in GitHub user" is
 * whoever the test says (`signedIn`), as GitHub's own session would decide.
 */
export type GitHubAccount = { id: number; login: string; name: string | null; publicEmail: string | null; emails: { email: string; primary: boolean; verified: boolean }[] };

export async function startGitHubOAuth(options: { clientId: string; clientSecret: string; accounts: Record<string, GitHubAccount> }) {
  const codes = new Map<string, { login: string; challenge: string | null; redirectUri: string }>();
  const tokens = new Map<string, string>();
  const state = { signedIn: "" as string, requests: [] as string[] };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    state.requests.push(`${req.method} ${url.pathname}`);
    const raw = await readRequestBody(req);
    if (!raw) return;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/login/oauth/authorize") {
      if (url.searchParams.get("client_id") !== options.clientId) return json(404, { message: "Not Found" });
      const redirectUri = url.searchParams.get("redirect_uri") ?? "";
      const code = randomBytes(10).toString("hex");
      codes.set(code, { login: state.signedIn, challenge: url.searchParams.get("code_challenge"), redirectUri });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      const st = url.searchParams.get("state");
      if (st) back.searchParams.set("state", st);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/login/oauth/access_token") {
      const form = new URLSearchParams(raw.toString("utf8"));
      const basic = req.headers.authorization?.startsWith("Basic ")
        ? Buffer.from(req.headers.authorization.slice(6), "base64").toString("utf8").split(":").map(decodeURIComponent)
        : [form.get("client_id"), form.get("client_secret")];
      if (basic[0] !== options.clientId || basic[1] !== options.clientSecret) return json(200, { error: "incorrect_client_credentials" });
      const grant = codes.get(form.get("code") ?? "");
      codes.delete(form.get("code") ?? "");
      if (!grant) return json(200, { error: "bad_verification_code" });
      const verifier = form.get("code_verifier");
      if (grant.challenge && createHash("sha256").update(verifier ?? "").digest("base64url") !== grant.challenge) return json(200, { error: "bad_verification_code" });
      const token = `gho_${randomBytes(16).toString("hex")}`;
      tokens.set(token, grant.login);
      return json(200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
    }
    const login = tokens.get((req.headers.authorization ?? "").replace(/^(Bearer|token) /i, ""));
    const account = login ? options.accounts[login] : undefined;
    if (url.pathname.startsWith("/api/v3/") && !account) return json(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
    if (req.method === "GET" && url.pathname === "/api/v3/user" && account) {
      return json(200, { login: account.login, id: account.id, node_id: `U_${account.id}`, avatar_url: `https://avatars.example.com/u/${account.id}`, type: "User", site_admin: false, name: account.name, email: account.publicEmail });
    }
    if (req.method === "GET" && url.pathname === "/api/v3/user/emails" && account) {
      return json(200, account.emails.map((e) => ({ ...e, visibility: e.primary ? "public" : null })));
    }
    json(404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    /** Revokes every token of an account (the user removed Portico's authorization at GitHub). */
    revoke(login: string) {
      for (const [token, owner] of tokens) if (owner === login) tokens.delete(token);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

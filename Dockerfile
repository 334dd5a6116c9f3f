# Container image of vultr-invites-bot: build with dev dependencies, run with production ones only.
# docker build -t vultr-invites-bot .
# docker run --env-file .env --stop-timeout 35 -p 3000:3000 vultr-invites-bot

FROM node:22-slim AS build
WORKDIR /app
# The lockfile names the workspace packages (the Slack emulator and the Vultr sandbox, dev tools):
# npm ci needs their package.json files to install as locked, not their code (the build is src/ only).
COPY package.json package-lock.json ./
COPY packages/slack-emulator/package.json ./packages/slack-emulator/
COPY packages/vultr-sandbox/package.json ./packages/vultr-sandbox/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies, with the tools to compile better-sqlite3 (a native module) when no
# prebuilt binary fits; the tools stay in this stage.
FROM node:22-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# No packages/ here on purpose: npm installs a workspace whose folder exists even with --omit=dev
# (with its dependencies); without the folders it installs the bot's production dependencies only.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production
# The SQLite store (one replica without REDIS_URL): mount a volume here so a restart keeps it.
ENV INVITES_DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts/run-built.sh scripts/node-flags ./scripts/
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME /app/data
# The official image's unprivileged user; it writes only to /app/data.
USER node
# /healthz in both modes; /slack/events too in HTTP mode.
EXPOSE 3000
# Node's own fetch, so the slim image needs no curl or wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node is PID 1 and gets SIGTERM itself, then drains for up to 25 s: give `docker stop` --stop-timeout 35
# (its default is 10 s): run-built.sh execs node (with scripts/node-flags), so node replaces the shell as PID 1.
# The one-shot digest runs the same image with: sh scripts/run-built.sh dist/remind.js
CMD ["sh", "scripts/run-built.sh", "dist/main.js"]

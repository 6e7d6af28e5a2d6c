# syntax=docker/dockerfile:1
# excel-interviewer: one image for the API (`serve`), the worker (`worker`) and migrations (`migrate`).
# Build:  docker build -t excel-interviewer .
# Run:    docker run -p 3000:3000 -v xi-data:/app/data excel-interviewer      (embedded PGlite)
#         docker compose up                                                   (Postgres, Redis, nginx, 2 APIs, worker)

# --- build: install everything, build the web apps, then drop dev dependencies -----------------
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund

# --- runtime: sources run through tsx (a runtime dependency), as `bin/excel-interviewer.js` does ---
FROM node:20.20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/package-lock.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/bin ./bin
COPY --from=build --chown=node:node /app/src ./src
COPY --from=build --chown=node:node /app/bank ./bank
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/tsconfig.json ./tsconfig.json
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM stops accepting, finishes in-flight requests (SHUTDOWN_TIMEOUT_MS), then closes pools.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "bin/excel-interviewer.js"]
CMD ["serve"]

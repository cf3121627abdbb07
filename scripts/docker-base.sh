#!/usr/bin/env bash
# Makes a node:20-slim image in the local Docker image store where no image registry is reachable:
# a minimal Debian (debootstrap, from Debian's package mirror) with this machine's Node 20 and npm,
# a `node` user (uid 1000) and this machine's CA bundle. The Dockerfile then builds FROM it as usual.
# Needs root, docker (a running daemon) and debootstrap. Does nothing if the image is already there.
set -euo pipefail
IMAGE=${1:-node:20-slim}
if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "$IMAGE is already in the local image store"; exit 0; fi
node_bin=$(command -v node); npm_dir=$(dirname "$(readlink -f "$(command -v npm)")")/..
case "$(node --version)" in v20.*) ;; *) echo "this machine's node is $(node --version), not 20" >&2; exit 1 ;; esac
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
cp "$node_bin" "$root/usr/bin/node"
mkdir -p "$root/usr/lib/node_modules"
cp -a "$(readlink -f "$npm_dir")" "$root/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
chroot "$root" sh -c 'groupadd -g 1000 node && useradd -u 1000 -g node -m -s /bin/sh node'
mkdir -p "$root/etc/ssl/certs"
cp "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" "$root/etc/ssl/certs/node-ca.pem"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/node-ca.pem' \
  --change 'CMD ["node"]' - "$IMAGE" >/dev/null
echo "made $IMAGE"

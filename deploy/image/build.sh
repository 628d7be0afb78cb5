#!/usr/bin/env bash
# Builds Portico's image from the Dockerfile with buildah, on the Node bases deploy/image/base.sh makes
# from Debian packages and the npm registry (no public image is pulled), which check.ts then measures against its budget.
#
#   deploy/image/build.sh [tag, default localhost/portico:dev]
#
# Then `npx tsx deploy/image/check.ts [tag]` starts it and checks it (CI runs both: .ci/run).
set -euo pipefail
cd "$(dirname "$0")/../.."
TAG="${1:-localhost/portico:dev}"
NODE_VERSION="$(node -p process.versions.node)"
BUILDAH=(buildah --storage-driver vfs)

if ! "${BUILDAH[@]}" inspect --type image "localhost/portico-node:${NODE_VERSION}" >/dev/null 2>&1 ||
  ! "${BUILDAH[@]}" inspect --type image "localhost/portico-node-build:${NODE_VERSION}" >/dev/null 2>&1; then
  deploy/image/base.sh "$NODE_VERSION"
fi

echo "== building ${TAG}"
started=$SECONDS
"${BUILDAH[@]}" bud --isolation chroot --format docker --layers=false \
  --build-arg "BUILD_IMAGE=localhost/portico-node-build:${NODE_VERSION}" \
  --build-arg "RUNTIME_IMAGE=localhost/portico-node:${NODE_VERSION}" \
  --tag "$TAG" .
echo "== built ${TAG} in $((SECONDS - started)) s"
"${BUILDAH[@]}" images "$TAG"

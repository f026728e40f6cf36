#!/usr/bin/env bash
# A private Docker engine for whalectl's e2e tests.
#
#   scripts/test-engine.sh start DIR   start containerd + dockerd + two registries, build busybox;
#                                      the last stdout line is the DOCKER_HOST to use
#   scripts/test-engine.sh stop DIR    stop exactly what `start DIR` started, then remove DIR
#
# Everything runs inside fresh network, mount and pid namespaces (unshare), so:
#   - the only network is loopback: nothing can reach, or be reached from, the outside, and the
#     registries' 127.0.0.1:5000/5001 never collide with anything on the host;
#   - dockerd's overlay mounts live in a private mount namespace and vanish with it, so the host's
#     mount table is never touched;
#   - killing the namespace's init (our holder shell) makes the kernel kill every process left in it
#     (containerd shims, container processes), so nothing can leak.
# dockerd is talked to through DIR/docker.sock, a unix socket on the shared filesystem.
#
# Needs root, util-linux (unshare, nsenter), docker.io (dockerd, containerd, runc), docker-registry,
# busybox-static, apache2-utils (htpasswd) and the docker CLI (WHALECTL_TEST_DOCKER_CLI, default
# /usr/local/bin/docker, else docker on PATH).
set -euo pipefail

REGISTRY_PORT=5000
AUTH_REGISTRY_PORT=5001
AUTH_USER=whale
AUTH_PASSWORD='s3cr:et'
START_TIMEOUT=${WHALECTL_TEST_ENGINE_TIMEOUT:-60}
# the same default as test/engine/harness.ts
DOCKER_CLI=${WHALECTL_TEST_DOCKER_CLI:-/usr/local/bin/docker}
[[ -x $DOCKER_CLI ]] || DOCKER_CLI=docker
# Applied when the daemon shuts down with containers still running; tests often run `sleep`
# as pid 1, which ignores SIGTERM, so a long grace period would only slow down `stop`.
SHUTDOWN_TIMEOUT=2
# `stop` only deletes a directory holding this file
MARKER=.whalectl-test-engine

log() { printf 'test-engine: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

# --- shared helpers --------------------------------------------------------------------------

pid_of() { # pid_of NAME -> the host pid recorded for NAME, or nothing
  local f="$DIR/pids/$1.pid"
  [[ -s $f ]] && cat "$f"
  return 0
}

# Running, and not a zombie waiting to be reaped.
alive() {
  [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# A recorded pid is only signalled while it still belongs to us: a process inside our network
# namespace, or the unshare process that created it. This guards against pid reuse after a crash.
is_ours() {
  local pid=$1 netns
  alive "$pid" || return 1
  netns=$(cat "$DIR/netns.id" 2>/dev/null || true)
  if [[ -n $netns && $(readlink "/proc/$pid/ns/net" 2>/dev/null) == "$netns" ]]; then
    return 0
  fi
  # the unshare process itself sits in the host namespace; recognise it by its command line
  { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "_ns-init $DIR"
}

# Send SIGTERM to the given pids (if still ours), wait up to $1 seconds, then SIGKILL survivors.
terminate() {
  local grace=$1 pid waited=0 left
  shift
  local pids=()
  for pid in "$@"; do
    if is_ours "$pid"; then pids+=("$pid"); fi
  done
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  while ((waited < grace * 10)); do
    left=0
    for pid in "${pids[@]}"; do alive "$pid" && left=1; done
    ((left)) || return 0
    sleep 0.1
    waited=$((waited + 1))
  done
  for pid in "${pids[@]}"; do
    if alive "$pid"; then
      log "pid $pid did not exit after ${grace}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${pids[@]}"; do
    while alive "$pid"; do sleep 0.05; done
  done
}

# Status code of an HTTP GET made from inside the engine's network namespace ("000" if no answer).
ns_http_status() {
  local url=$1 holder
  holder=$(pid_of holder)
  if command -v curl >/dev/null; then
    nsenter --target "$holder" --net curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true
  else
    nsenter --target "$holder" --net busybox wget -S -T 2 -O /dev/null "$url" 2>&1 |
      awk '/HTTP\//{code=$2} END{print code ? code : "000"}' || true
  fi
}

daemon_answers() {
  if command -v curl >/dev/null; then
    [[ $(curl -s -m 2 --unix-socket "$DIR/docker.sock" http://engine/_ping 2>/dev/null) == OK ]]
  else
    CLI_TIMEOUT=5 docker_cli version >/dev/null 2>&1
  fi
}

# The reference CLI, isolated from the caller's docker config and context, never hanging.
docker_cli() {
  env -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH -u DOCKER_HOST \
    DOCKER_CONFIG="$DIR/client-config" DOCKER_BUILDKIT=0 \
    timeout "${CLI_TIMEOUT:-60}" "$DOCKER_CLI" -H "unix://$DIR/docker.sock" "$@"
}

# --- inside the namespaces (pid 1 of the new pid namespace) ----------------------------------

ns_init() {
  # Mounts below are private to this namespace: a tmpfs over /run keeps containerd's shim sockets
  # (/run/containerd/s) and anything else dockerd drops in /run off the host, and hides a system
  # containerd/dockerd and systemd (so nothing tries to use them).
  case $DIR/ in
    /run/* | /var/run/*) ;;
    *) mount -n -t tmpfs -o mode=755 tmpfs /run ;;
  esac
  if command -v ip >/dev/null; then ip link set lo up; else busybox ip link set lo up; fi
  # Only loopback exists here, so forwarding changes nothing; but with it off dockerd adds
  # "IPv4 forwarding is disabled" to every container create, and the CLI prints that warning.
  echo 1 >/proc/sys/net/ipv4/ip_forward

  local driver=${WHALECTL_TEST_STORAGE_DRIVER:-}
  if [[ -z $driver ]]; then
    # overlay2 unless the filesystem under DIR cannot carry an overlay (e.g. CI inside a container)
    local probe=$DIR/overlay-probe
    mkdir -p "$probe"/{lower,upper,work,merged}
    if mount -n -t overlay overlay -o "lowerdir=$probe/lower,upperdir=$probe/upper,workdir=$probe/work" \
      "$probe/merged" 2>/dev/null; then
      umount -n "$probe/merged"
      driver=overlay2
    else
      driver=vfs
    fi
    rm -rf "$probe"
  fi
  echo "$driver" >"$DIR/storage-driver"

  local names=() pids=()
  start_bg() { # start_bg NAME LOGFILE CMD...
    local name=$1 logfile=$2
    shift 2
    "$@" </dev/null >>"$logfile" 2>&1 &
    echo $! >"$DIR/nspids/$name.pid"
    names+=("$name")
    pids+=($!)
  }

  start_bg containerd "$DIR/containerd.log" containerd --config "$DIR/containerd.toml"
  start_bg registry "$DIR/registry.log" docker-registry serve "$DIR/registry.yml"
  if [[ -s $DIR/registry-auth.yml ]]; then
    start_bg registry-auth "$DIR/registry-auth.log" docker-registry serve "$DIR/registry-auth.yml"
  fi

  local i
  for ((i = 0; i < 200; i++)); do
    [[ -S $DIR/containerd/containerd.sock ]] && break
    sleep 0.05
  done
  start_bg dockerd "$DIR/dockerd.log" dockerd \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/data" \
    --exec-root "$DIR/exec" \
    --pidfile "$DIR/docker.pid" \
    -H "unix://$DIR/docker.sock" \
    --containerd "$DIR/containerd/containerd.sock" \
    --storage-driver "$driver" \
    --exec-opt native.cgroupdriver=cgroupfs \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
    --userland-proxy=false \
    --shutdown-timeout "$SHUTDOWN_TIMEOUT"
  echo "${names[*]}" >"$DIR/nspids/.started"

  # As pid 1 we ignore signals without a handler, so shut down in order on SIGTERM; when this
  # shell exits the kernel kills whatever is still left in the namespace.
  shutdown() {
    trap - TERM INT HUP
    set +e
    local n dockerd_pid
    dockerd_pid=$(cat "$DIR/nspids/dockerd.pid" 2>/dev/null)
    if [[ -n $dockerd_pid ]]; then
      kill -TERM "$dockerd_pid" 2>/dev/null
      for ((n = 0; n < 100; n++)); do
        alive "$dockerd_pid" || break
        sleep 0.1
      done
    fi
    kill -TERM "${pids[@]}" 2>/dev/null
    for ((n = 0; n < 50; n++)); do
      local any=0 p
      for p in "${pids[@]}"; do alive "$p" && any=1; done
      ((any)) || break
      sleep 0.1
    done
    exit 0
  }
  trap shutdown TERM INT HUP
  # `wait` returns when every child has exited, or early when a trapped signal arrives; it also
  # reaps orphans (e.g. containerd shims) that get reparented to us.
  while :; do
    wait && break
  done
}

# --- start -----------------------------------------------------------------------------------

write_configs() {
  mkdir -p "$DIR"/{pids,nspids,data,exec,containerd,registry,registry-auth,client-config}
  echo '{}' >"$DIR/daemon.json"
  echo '{}' >"$DIR/client-config/config.json"

  # Our own containerd, so dockerd never attaches to a system one at /run/containerd.
  cat >"$DIR/containerd.toml" <<EOF
version = 2
root = "$DIR/containerd/root"
state = "$DIR/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$DIR/containerd/containerd.sock"
[ttrpc]
  address = "$DIR/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF

  cat >"$DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$REGISTRY_PORT
  secret: whalectl-test-registry
EOF

  # distribution v2 accepts htpasswd auth over plain HTTP (it only logs a warning), which is what
  # lets the auth tests run without TLS.
  if command -v htpasswd >/dev/null; then
    htpasswd -Bbn "$AUTH_USER" "$AUTH_PASSWORD" >"$DIR/htpasswd"
    cat >"$DIR/registry-auth.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $DIR/registry-auth
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$AUTH_REGISTRY_PORT
  secret: whalectl-test-registry
auth:
  htpasswd:
    realm: whalectl-test
    path: $DIR/htpasswd
EOF
  else
    log "htpasswd not found (apache2-utils); the auth registry is not started"
  fi
}

children_of() {
  local parent=$1 f
  if [[ -r /proc/$parent/task/$parent/children ]]; then
    cat /proc/"$parent"/task/*/children 2>/dev/null
    return 0
  fi
  # kernels without CONFIG_PROC_CHILDREN
  for f in /proc/[0-9]*/status; do
    awk -v p="$parent" '/^PPid:/ && $2 == p {split(FILENAME, a, "/"); print a[3]}' "$f" 2>/dev/null
  done
}

# Find the host pid of each process the namespace init started, via the NSpid line of
# /proc/PID/status (host pid first, namespace pid last).
record_host_pids() {
  local holder=$1 child nspid name f
  for child in $(children_of "$holder"); do
    nspid=$(awk '/^NSpid:/{print $NF}' "/proc/$child/status" 2>/dev/null) || continue
    for f in "$DIR"/nspids/*.pid; do
      [[ -e $f ]] || continue
      name=$(basename "$f" .pid)
      if [[ $(cat "$f") == "$nspid" && ! -s $DIR/pids/$name.pid ]]; then
        echo "$child" >"$DIR/pids/$name.pid"
      fi
    done
  done
}

show_logs() {
  local f
  for f in ns containerd dockerd registry registry-auth build; do
    [[ -s $DIR/$f.log ]] || continue
    echo "----- tail of $DIR/$f.log -----" >&2
    tail -n 40 "$DIR/$f.log" >&2
  done
}

fail_start() {
  log "start failed: $*"
  show_logs
  stop_engine >&2 || true
  exit 1
}

build_busybox() {
  local bb ctx=$DIR/busybox-ctx applet
  bb=$(command -v busybox) || fail_start "busybox not found (install busybox-static)"
  if ldd "$bb" >/dev/null 2>&1; then
    fail_start "$bb is dynamically linked; the image is built FROM scratch and needs busybox-static"
  fi
  rm -rf "$ctx"
  mkdir -p "$ctx"/rootfs/{bin,etc,root,home,var,usr/bin,usr/sbin,sbin}
  mkdir -m 1777 "$ctx/rootfs/tmp"
  cp "$bb" "$ctx/rootfs/bin/busybox"
  for applet in $("$bb" --list); do
    [[ $applet == busybox ]] && continue
    ln -s busybox "$ctx/rootfs/bin/$applet"
  done
  cat >"$ctx/rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
  cat >"$ctx/rootfs/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
nogroup:x:65534:
EOF
  cat >"$ctx/Dockerfile" <<'EOF'
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["sh"]
EOF
  {
    docker_cli build -q -t busybox:latest "$ctx"
    docker_cli tag busybox:latest "127.0.0.1:$REGISTRY_PORT/busybox:latest"
    docker_cli tag busybox:latest "127.0.0.1:$REGISTRY_PORT/busybox:1"
    docker_cli push -q "127.0.0.1:$REGISTRY_PORT/busybox:latest"
    docker_cli push -q "127.0.0.1:$REGISTRY_PORT/busybox:1"
    if [[ -s $DIR/registry-auth.yml ]]; then
      local auth_ref=127.0.0.1:$AUTH_REGISTRY_PORT/busybox:latest
      printf '%s' "$AUTH_PASSWORD" |
        docker_cli login -u "$AUTH_USER" --password-stdin "127.0.0.1:$AUTH_REGISTRY_PORT"
      docker_cli tag busybox:latest "$auth_ref"
      docker_cli push -q "$auth_ref"
      docker_cli logout "127.0.0.1:$AUTH_REGISTRY_PORT"
      docker_cli rmi "$auth_ref"
    fi
    # Leave only busybox:latest in the local store; pull tests fetch the registry copies.
    docker_cli rmi "127.0.0.1:$REGISTRY_PORT/busybox:latest" "127.0.0.1:$REGISTRY_PORT/busybox:1"
  } >>"$DIR/build.log" 2>&1 || fail_start "building or pushing busybox failed"
}

start_engine() {
  [[ $(id -u) == 0 ]] || die "must run as root"
  if [[ -e $DIR/pids/unshare.pid ]]; then
    die "$DIR already holds an engine; stop it first"
  fi
  command -v "$DOCKER_CLI" >/dev/null || die "docker CLI not found ($DOCKER_CLI)"
  local tool
  for tool in unshare nsenter dockerd containerd docker-registry; do
    command -v "$tool" >/dev/null || die "$tool not found"
  done
  # unix socket paths are limited to 108 bytes
  ((${#DIR} <= 60)) || die "DIR is too long for the unix sockets under it: $DIR"

  local began=$SECONDS
  write_configs

  # setsid + redirections: detached from the caller's session and pipes, so the caller sees
  # this script's stdout close as soon as the script itself exits.
  setsid unshare --net --mount --propagation private --pid --fork --mount-proc --kill-child \
    "$BASH" "$SELF" _ns-init "$DIR" </dev/null >>"$DIR/ns.log" 2>&1 &
  echo $! >"$DIR/pids/unshare.pid"
  local unshare_pid=$! holder="" deadline=$((SECONDS + START_TIMEOUT))

  while [[ -z $holder ]]; do
    ((SECONDS < deadline)) || fail_start "namespace holder did not start"
    alive "$unshare_pid" || fail_start "unshare exited"
    holder=$(children_of "$unshare_pid" | awk '{print $1}')
    [[ -n $holder ]] || sleep 0.02
  done
  echo "$holder" >"$DIR/pids/holder.pid"
  # Wait until the holder is really inside the new namespaces (unshare forks before exec).
  while [[ $(readlink "/proc/$holder/ns/net") == "$(readlink /proc/self/ns/net)" ]]; do
    ((SECONDS < deadline)) || fail_start "namespace holder did not enter its network namespace"
    sleep 0.02
  done
  readlink "/proc/$holder/ns/net" >"$DIR/netns.id"

  while [[ ! -e $DIR/nspids/.started ]]; do
    ((SECONDS < deadline)) || fail_start "daemons were not started"
    alive "$holder" || fail_start "namespace holder exited"
    sleep 0.05
  done
  record_host_pids "$holder"

  until daemon_answers; do
    ((SECONDS < deadline)) || fail_start "dockerd did not answer on $DIR/docker.sock within ${START_TIMEOUT}s"
    alive "$(pid_of dockerd)" || fail_start "dockerd exited"
    sleep 0.1
  done
  until [[ $(ns_http_status "http://127.0.0.1:$REGISTRY_PORT/v2/") == 200 ]]; do
    ((SECONDS < deadline)) || fail_start "registry did not answer on 127.0.0.1:$REGISTRY_PORT"
    alive "$(pid_of registry)" || fail_start "registry exited"
    sleep 0.1
  done
  if [[ -s $DIR/registry-auth.yml ]]; then
    until [[ $(ns_http_status "http://127.0.0.1:$AUTH_REGISTRY_PORT/v2/") == 401 ]]; do
      ((SECONDS < deadline)) || fail_start "auth registry did not answer on 127.0.0.1:$AUTH_REGISTRY_PORT"
      alive "$(pid_of registry-auth)" || fail_start "auth registry exited"
      sleep 0.1
    done
  fi

  build_busybox
  log "engine up in $((SECONDS - began))s (storage driver $(cat "$DIR/storage-driver"))"
  echo "unix://$DIR/docker.sock"
}

# --- stop ------------------------------------------------------------------------------------

# Mount points under DIR in our own mount namespace, deepest first. With a private mount
# namespace there should be none; this is the safety net for a daemon started some other way.
mounts_under_dir() {
  awk -v d="$DIR" '{
    p = $5; gsub(/\\040/, " ", p)
    if (p == d || index(p, d "/") == 1) print p
  }' /proc/self/mountinfo | sort -r
}

stop_engine() {
  [[ -d $DIR ]] || return 0
  if [[ ! -e $DIR/$MARKER ]]; then
    # never rm -rf a directory `start` did not set up (think `stop /tmp`)
    rmdir -- "$DIR" 2>/dev/null || die "$DIR was not set up by '$0 start'; leaving it alone"
    return 0
  fi
  # Daemons first and in order, so dockerd can stop its containers and unmount cleanly.
  # dockerd gives each running container its own stop timeout (10 s by default) when it shuts
  # down, and a `sleep` running as pid 1 ignores SIGTERM; kill them first so stopping is quick.
  if is_ours "$(pid_of dockerd)" && daemon_answers; then
    local running
    running=$(CLI_TIMEOUT=10 docker_cli ps -q 2>/dev/null || true)
    if [[ -n $running ]]; then
      # shellcheck disable=SC2086 # one id per word
      CLI_TIMEOUT=10 docker_cli kill $running >/dev/null 2>&1 || true
    fi
  fi
  terminate 15 "$(pid_of dockerd)"
  terminate 10 "$(pid_of containerd)" "$(pid_of registry)" "$(pid_of registry-auth)"
  # The holder is the pid namespace's init: once it exits, the kernel kills anything left
  # (containerd shims, container processes), and unshare exits after it.
  terminate 10 "$(pid_of holder)"
  terminate 5 "$(pid_of unshare)"

  local m
  while read -r m; do
    [[ -n $m ]] || continue
    umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done < <(mounts_under_dir)
  if [[ -n $(mounts_under_dir) ]]; then
    die "mounts remain under $DIR; not removing it"
  fi
  rm -rf -- "$DIR"
}

# --- main ------------------------------------------------------------------------------------

(($# == 2)) || usage
SELF=$(cd "$(dirname "$0")" && pwd -P)/$(basename "$0")
case $2 in
  /*) DIR=$2 ;;
  *) DIR=$PWD/$2 ;;
esac
DIR=${DIR%/}
[[ $DIR != / && -n $DIR ]] || usage

case $1 in
  start)
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    [[ -z $(ls -A "$DIR") ]] || die "$DIR is not empty"
    : >"$DIR/$MARKER"
    start_engine
    ;;
  stop)
    [[ -d $DIR ]] && DIR=$(cd "$DIR" && pwd -P)
    stop_engine
    ;;
  _ns-init) ns_init ;;
  *) usage ;;
esac

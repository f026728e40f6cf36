// The fixed value lists docker 28 completes flags from (its cli/command/*/completion.go and the
// moby packages they read). Where docker builds a list from a Go map its order changes from
// run to run; these are sorted, which shells do anyway.

export const LOG_LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error', 'fatal', 'panic']

/** moby/sys/signal's SignalMap for Linux: the names `--signal` and `--stop-signal` accept. */
export const SIGNAL_NAMES: readonly string[] = [
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'RTMAX', ...Array.from({length: 14}, (_, i) => `RTMAX-${i + 1}`), 'RTMIN', ...Array.from({length: 15}, (_, i) => `RTMIN+${i + 1}`),
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
].sort()

/** `ALL`, then every capability moby/sys/capability knows, in its order. */
export const CAPABILITIES: readonly string[] = [
  'ALL',
  ...['CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP', 'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP', 'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF', 'CHECKPOINT_RESTORE'].map((name) => `CAP_${name}`),
]

export const RESTART_POLICIES: readonly string[] = ['no', 'always', 'on-failure', 'unless-stopped']

export const PULL_POLICIES: readonly string[] = ['always', 'missing', 'never']

/** The options of each built-in logging driver (`--log-opt`), by driver. */
export const LOG_DRIVER_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  awslogs: ['max-buffer-size', 'mode', 'awslogs-create-group', 'awslogs-credentials-endpoint', 'awslogs-datetime-format', 'awslogs-group', 'awslogs-multiline-pattern', 'awslogs-region', 'awslogs-stream', 'tag'],
  fluentd: ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'fluentd-address', 'fluentd-async', 'fluentd-buffer-limit', 'fluentd-request-ack', 'fluentd-retry-wait', 'fluentd-max-retries', 'fluentd-sub-second-precision', 'fluentd-write-timeout', 'tag'],
  gcplogs: ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'gcp-log-cmd', 'gcp-meta-id', 'gcp-meta-name', 'gcp-meta-zone', 'gcp-project'],
  gelf: ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'gelf-address', 'gelf-compression-level', 'gelf-compression-type', 'gelf-tcp-max-reconnect', 'gelf-tcp-reconnect-delay', 'tag'],
  journald: ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'tag'],
  'json-file': ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'compress', 'max-file', 'max-size'],
  local: ['max-buffer-size', 'mode', 'compress', 'max-file', 'max-size'],
  none: [],
  splunk: ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'splunk-caname', 'splunk-capath', 'splunk-format', 'splunk-gzip', 'splunk-gzip-level', 'splunk-index', 'splunk-insecureskipverify', 'splunk-source', 'splunk-sourcetype', 'splunk-token', 'splunk-url', 'splunk-verify-connection', 'tag'],
  syslog: ['max-buffer-size', 'mode', 'env', 'env-regex', 'labels', 'syslog-address', 'syslog-facility', 'syslog-format', 'syslog-tls-ca-cert', 'syslog-tls-cert', 'syslog-tls-key', 'syslog-tls-skip-verify', 'tag'],
}

/** Every option of every built-in driver, each once. */
export const ALL_LOG_OPTIONS: readonly string[] = [...new Set(Object.values(LOG_DRIVER_OPTIONS).flat())].sort()

export const ULIMITS: readonly string[] = ['as', 'chroot', 'core', 'cpu', 'data', 'fsize', 'locks', 'maxlogins', 'maxsyslogins', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'priority', 'rss', 'rtprio', 'sigpending', 'stack']

/** docker's common platform strings (completion.Platforms). */
export const PLATFORMS: readonly string[] = ['linux/386', 'linux/amd64', 'linux/arm', 'linux/arm/v5', 'linux/arm/v6', 'linux/arm/v7', 'linux/arm64', 'linux/arm64/v8', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64', 'windows/amd64', 'wasip1/wasm']

/** `docker inspect --type` values. */
export const INSPECT_TYPES: readonly string[] = ['config', 'container', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'task', 'volume']

/** `events --filter` keys. */
export const EVENT_FILTER_KEYS: readonly string[] = ['container', 'daemon', 'event', 'image', 'label', 'network', 'node', 'scope', 'type', 'volume']

export const EVENT_TYPES: readonly string[] = ['builder', 'config', 'container', 'daemon', 'image', 'network', 'node', 'plugin', 'secret', 'service', 'volume']

/** Event actions, without those that contain a space (`exec_create: sh`), which a shell cannot offer. */
export const EVENT_ACTIONS: readonly string[] = [
  'create', 'start', 'restart', 'stop', 'checkpoint', 'pause', 'unpause', 'attach', 'detach', 'resize', 'update', 'rename', 'kill', 'die', 'oom', 'destroy', 'remove', 'commit', 'top', 'copy',
  'archive-path', 'extract-to-dir', 'export', 'import', 'save', 'load', 'tag', 'untag', 'push', 'pull', 'prune', 'delete', 'enable', 'disable', 'connect', 'disconnect', 'reload', 'mount', 'unmount',
  'exec_create', 'exec_start', 'exec_die', 'exec_detach', 'health_status', 'health_status: running', 'health_status: healthy', 'health_status: unhealthy',
].filter((action) => !action.includes(' '))

/** The shells `completion` writes scripts for, with the one-line help docker gives each. */
export const SHELLS: readonly string[] = ['bash', 'fish', 'zsh']

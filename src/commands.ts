// The command table: one lazy import per verb, so a run loads only the modules its own verb
// needs (start-up time and memory), and nothing scans directories.
import type {DockerCommandClass} from './lib/cli/docker-command.js'

type Loader = () => Promise<{default: DockerCommandClass}>

export const COMMANDS: Record<string, Loader> = {
  build: () => import('./commands/build.js'),
  events: () => import('./commands/events.js'),
  exec: () => import('./commands/exec.js'),
  logs: () => import('./commands/logs.js'),
  ps: () => import('./commands/ps.js'),
  pull: () => import('./commands/pull.js'),
  run: () => import('./commands/run.js'),
  attach: () => import('./commands/attach.js'),
  create: () => import('./commands/create.js'),
  start: () => import('./commands/start.js'),
  cp: () => import('./commands/cp.js'),
  export: () => import('./commands/export.js'),
  inspect: () => import('./commands/inspect.js'),
  'container:inspect': () => import('./commands/container-inspect.js'),
  'image:inspect': () => import('./commands/image-inspect.js'),
  diff: () => import('./commands/diff.js'),
  port: () => import('./commands/port.js'),
  top: () => import('./commands/top.js'),
  'container:prune': () => import('./commands/container-prune.js'),
  kill: () => import('./commands/kill.js'),
  pause: () => import('./commands/pause.js'),
  rename: () => import('./commands/rename.js'),
  restart: () => import('./commands/restart.js'),
  rm: () => import('./commands/rm.js'),
  stop: () => import('./commands/stop.js'),
  unpause: () => import('./commands/unpause.js'),
  update: () => import('./commands/update.js'),
  wait: () => import('./commands/wait.js'),
  history: () => import('./commands/history.js'),
  'image:ls': () => import('./commands/images.js').then((m) => ({default: m.ImageList})),
  'image:prune': () => import('./commands/image-prune.js'),
  images: () => import('./commands/images.js'),
  rmi: () => import('./commands/rmi.js'),
  tag: () => import('./commands/tag.js'),
  push: () => import('./commands/push.js'),
  import: () => import('./commands/import.js'),
  load: () => import('./commands/load.js'),
  login: () => import('./commands/login.js'),
  logout: () => import('./commands/logout.js'),
  save: () => import('./commands/save.js'),
  commit: () => import('./commands/commit.js'),
  stats: () => import('./commands/stats.js'),
  completion: () => import('./commands/completion.js'),
  __complete: () => import('./commands/complete.js'),
  __completeNoDesc: () => import('./commands/complete.js'),
  // -- system: version, info, system df/prune (issue 12) --
  version: () => import('./commands/version.js'),
  info: () => import('./commands/info.js'),
  'system:df': () => import('./commands/system-df.js'),
  'system:prune': () => import('./commands/system-prune.js'),
  // -- end system --
  // -- network and volume (issue 12) --
  'network:ls': () => import('./commands/network-ls.js'),
  'network:create': () => import('./commands/network-create.js'),
  'network:inspect': () => import('./commands/network-inspect.js'),
  'network:rm': () => import('./commands/network-rm.js'),
  'network:connect': () => import('./commands/network-connect.js'),
  'network:disconnect': () => import('./commands/network-disconnect.js'),
  'network:prune': () => import('./commands/network-prune.js'),
  'volume:ls': () => import('./commands/volume-ls.js'),
  'volume:create': () => import('./commands/volume-create.js'),
  'volume:inspect': () => import('./commands/volume-inspect.js'),
  'volume:rm': () => import('./commands/volume-rm.js'),
  'volume:prune': () => import('./commands/volume-prune.js'),
  // -- end network and volume --
  // -- context (issue 12) --
  'context:ls': () => import('./commands/context-ls.js'),
  'context:create': () => import('./commands/context-create.js'),
  'context:use': () => import('./commands/context-use.js'),
  'context:show': () => import('./commands/context-show.js'),
  'context:inspect': () => import('./commands/context-inspect.js'),
  'context:update': () => import('./commands/context-update.js'),
  'context:rm': () => import('./commands/context-rm.js'),
  'context:export': () => import('./commands/context-export.js'),
  'context:import': () => import('./commands/context-import.js'),
  // -- end context --
  // -- ssh engines: system dial-stdio (issue 12) --
  'system:dial-stdio': () => import('./commands/system-dial-stdio.js'),
  // -- end ssh engines --
}

/**
 * docker's management-command spellings (`container ls`, `image pull`) of the verbs above:
 * group → subcommand → verb.
 */
export const GROUPS: Record<string, Record<string, string>> = {
  container: {attach: 'attach', create: 'create', start: 'start', diff: 'diff', inspect: 'container:inspect', port: 'port', top: 'top', exec: 'exec', list: 'ps', logs: 'logs', ls: 'ps', ps: 'ps', run: 'run', kill: 'kill', pause: 'pause', prune: 'container:prune', remove: 'rm', rename: 'rename', restart: 'restart', rm: 'rm', stop: 'stop', unpause: 'unpause', update: 'update', wait: 'wait', commit: 'commit', stats: 'stats', cp: 'cp', export: 'export'},
  image: {inspect: 'image:inspect', build: 'build', pull: 'pull', history: 'history', list: 'image:ls', ls: 'image:ls', prune: 'image:prune', remove: 'rmi', rm: 'rmi', tag: 'tag', push: 'push', import: 'import', load: 'load', save: 'save'},
  system: {events: 'events', info: 'info', df: 'system:df', prune: 'system:prune', 'dial-stdio': 'system:dial-stdio'},
  network: {ls: 'network:ls', list: 'network:ls', create: 'network:create', inspect: 'network:inspect', rm: 'network:rm', remove: 'network:rm', connect: 'network:connect', disconnect: 'network:disconnect', prune: 'network:prune'},
  volume: {ls: 'volume:ls', list: 'volume:ls', create: 'volume:create', inspect: 'volume:inspect', rm: 'volume:rm', remove: 'volume:rm', prune: 'volume:prune'},
  context: {ls: 'context:ls', list: 'context:ls', create: 'context:create', use: 'context:use', show: 'context:show', inspect: 'context:inspect', update: 'context:update', rm: 'context:rm', remove: 'context:rm', export: 'context:export', import: 'context:import'},
}

/** Subcommand aliases inside a group, by the name cobra shows in messages (`container list` → `container ls`). */
export const GROUP_ALIASES: Record<string, Record<string, string>> = {
  container: {list: 'ls', ps: 'ls', remove: 'rm'},
  image: {list: 'ls', remove: 'rm'},
  network: {list: 'ls', remove: 'rm'},
  volume: {list: 'ls', remove: 'rm'},
  context: {list: 'ls', remove: 'rm'},
}

export async function loadCommand(id: string): Promise<DockerCommandClass | undefined> {
  const loader = COMMANDS[id]
  return loader ? (await loader()).default : undefined
}

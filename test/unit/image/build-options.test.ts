import {describe, expect, it} from 'vitest'

import {parseArgv} from '../../../src/lib/cli/argv.js'
import {FlagError} from '../../../src/lib/cli/errors.js'
import {imageBuildQuery} from '../../../src/lib/engine/build-query.js'
import {encodeQuery} from '../../../src/lib/engine/query.js'
import {
  BUILD_FLAGS,
  buildArgsMap,
  imageBuildOptions,
  labelsMap,
  proxiesFor,
  readStringSlice,
  toBuildOptions,
} from '../../../src/lib/image/build-options.js'

function options(argv: string[], env: NodeJS.ProcessEnv = {}) {
  return toBuildOptions(parseArgv(argv, BUILD_FLAGS, {interspersed: true}), env)
}

/** The query these flags send: the CLI's options through the engine client's encoding. */
function buildQuery(opts: ReturnType<typeof options>, inputs: Parameters<typeof imageBuildOptions>[1]) {
  return imageBuildQuery(imageBuildOptions(opts, inputs))
}

function flagError(argv: string[]): string {
  try {
    parseArgv(argv, BUILD_FLAGS, {interspersed: true})
  } catch (error) {
    expect(error).toBeInstanceOf(FlagError)
    return (error as Error).message
  }
  throw new Error('no error')
}

describe('buildQuery', () => {
  it('sends only dockerfile and version by default, as docker 28 does', () => {
    const opts = options(['ctx'])
    expect(encodeQuery(buildQuery(opts, {dockerfile: 'Dockerfile'}))).toBe('?dockerfile=Dockerfile&version=1')
  })

  it('matches the query docker 28.2.2 sent for every flag (recorded on the wire)', () => {
    const argv = [
      '-t', 'a', '-t', 'b:1', '--build-arg', 'X=1', '--build-arg', 'HOME', '--build-arg', 'NOPE', '--label', 'l=v',
      '--no-cache', '--pull', '--rm=false', '--force-rm', '--network', 'none', '--target', 't', '--platform', 'Linux/AMD64',
      '--cache-from', 'a,b', '--add-host', 'h:1.2.3.4', '--shm-size', '64m', '-m', '100m', '--memory-swap', '200m', '-c', '5',
      '--cpu-period', '1000', '--cpu-quota', '500', '--cpuset-cpus', '0', '--cpuset-mems', '0', '--cgroup-parent', 'cg',
      '--ulimit', 'nofile=10:20', '--security-opt', 'seccomp=unconfined', '--isolation', 'default', '-q', 'ctx',
    ]
    const opts = options(argv, {HOME: '/root'})
    expect(encodeQuery(buildQuery(opts, {dockerfile: 'Dockerfile'}))).toBe(
      '?buildargs=%7B%22HOME%22%3A%22%2Froot%22%2C%22NOPE%22%3Anull%2C%22X%22%3A%221%22%7D&cachefrom=%5B%22a%22%2C%22b%22%5D' +
        '&cgroupparent=cg&cpuperiod=1000&cpuquota=500&cpusetcpus=0&cpusetmems=0&cpushares=5&dockerfile=Dockerfile' +
        '&extrahosts=h%3A1.2.3.4&forcerm=1&labels=%7B%22l%22%3A%22v%22%7D&memory=104857600&memswap=209715200&networkmode=none' +
        '&nocache=1&platform=linux%2Famd64&pull=1&q=1&rm=0&securityopt=seccomp%3Dunconfined&shmsize=67108864&t=a&t=b%3A1' +
        '&target=t&ulimits=%5B%7B%22Name%22%3A%22nofile%22%2C%22Hard%22%3A20%2C%22Soft%22%3A10%7D%5D&version=1',
    )
  })

  it('takes --platform from DOCKER_DEFAULT_PLATFORM unless given', () => {
    expect(buildQuery(options(['.'], {DOCKER_DEFAULT_PLATFORM: 'linux/arm64'}), {dockerfile: ''}).platform).toBe('linux/arm64')
    expect(buildQuery(options(['--platform', '', '.'], {DOCKER_DEFAULT_PLATFORM: 'linux/arm64'}), {dockerfile: ''}).platform).toBeUndefined()
  })

  it('sends remote= for an engine-side context and leaves out an empty dockerfile', () => {
    const query = buildQuery(options(['x']), {dockerfile: '', remote: 'git://h/r.git'})
    expect(query.remote).toBe('git://h/r.git')
    expect(query.dockerfile).toBeUndefined()
  })

  it('a non-default isolation and --squash are sent', () => {
    const query = buildQuery(options(['--isolation', 'hyperv', '--squash', '.']), {dockerfile: 'Dockerfile'})
    expect(query.isolation).toBe('hyperv')
    expect(query.squash).toBe('1')
  })

  it('a repeated --ulimit replaces the earlier one for that name', () => {
    const query = buildQuery(options(['--ulimit', 'nofile=1', '--ulimit', 'nproc=2:3', '--ulimit', 'nofile=4:5', '.']), {dockerfile: 'Dockerfile'})
    expect(query.ulimits).toBe('[{"Name":"nofile","Hard":5,"Soft":4},{"Name":"nproc","Hard":3,"Soft":2}]')
  })

  it('escapes HTML characters in JSON values like Go, and sorts keys bytewise', () => {
    const query = buildQuery(options(['--build-arg', 'b=<&>', '--build-arg', 'a=1', '--label', 'z', '.']), {dockerfile: 'Dockerfile'})
    expect(query.buildargs).toBe('{"a":"1","b":"\\u003c\\u0026\\u003e"}')
    expect(query.labels).toBe('{"z":""}')
  })
})

describe('build args and proxies', () => {
  it('a bare --build-arg takes its value from the environment, else null', () => {
    expect(options(['--build-arg', 'FOO', '--build-arg', 'BAR', '.'], {FOO: 'from-env'}).buildArgs).toEqual(['FOO=from-env', 'BAR'])
    expect([...buildArgsMap(['FOO=x=y', 'BAR'], {})]).toEqual([
      ['FOO', 'x=y'],
      ['BAR', null],
    ])
  })

  it('config.json proxies become both spellings unless the user set them', () => {
    const proxies = proxiesFor({proxies: {default: {httpProxy: 'http://p', noProxy: 'x'}}}, 'unix:///var/run/docker.sock')
    const map = buildArgsMap(['http_proxy=mine'], proxies)
    expect(Object.fromEntries(map)).toEqual({HTTP_PROXY: 'http://p', NO_PROXY: 'x', http_proxy: 'mine', no_proxy: 'x'})
  })

  it('a proxies entry for the daemon host wins over default', () => {
    const config = {proxies: {default: {httpProxy: 'd'}, 'tcp://h:2375': {httpProxy: 'h'}}}
    expect(proxiesFor(config, 'tcp://h:2375')).toEqual({httpProxy: 'h'})
    expect(proxiesFor(config, 'unix:///x')).toEqual({httpProxy: 'd'})
    expect(proxiesFor({}, 'unix:///x')).toEqual({})
  })

  it('labels without = are empty strings', () => {
    expect(Object.fromEntries(labelsMap(['a=1', 'b', 'c=x=y']))).toEqual({a: '1', b: '', c: 'x=y'})
  })

  it('string slices are CSV records', () => {
    expect(readStringSlice('a,"b,c"')).toEqual(['a', 'b,c'])
    expect(readStringSlice('')).toEqual([])
  })
})

describe('flag values docker refuses while parsing (wording recorded from docker 28.2.2)', () => {
  it.each([
    [['-t', 'Bad'], 'invalid argument "Bad" for "-t, --tag" flag: invalid reference format: repository name (library/Bad) must be lowercase'],
    [['--build-arg', '=x'], 'invalid argument "=x" for "--build-arg" flag: invalid environment variable: =x'],
    [['--label', '=x'], `invalid argument "=x" for "--label" flag: invalid label '=x': empty name`],
    [['-m', 'foo'], `invalid argument "foo" for "-m, --memory" flag: invalid size: 'foo'`],
    [['--ulimit', 'x'], 'invalid argument "x" for "--ulimit" flag: invalid ulimit argument: x'],
    [['--add-host', 'foo'], 'invalid argument "foo" for "--add-host" flag: bad format for add-host: "foo"'],
    [['--cache-from', '"a'], 'invalid argument "\\"a" for "--cache-from" flag: parse error on line 1, column 3: extraneous or missing " in quoted-field'],
    [['--memory-swap', '-2'], `invalid argument "-2" for "--memory-swap" flag: invalid size: '-2'`],
    [['--shm-size', '1q'], `invalid argument "1q" for "--shm-size" flag: invalid suffix: 'q'`],
    [['-c', 'x'], 'invalid argument "x" for "-c, --cpu-shares" flag: strconv.ParseInt: parsing "x": invalid syntax'],
    [['--progress', 'plain'], 'unknown flag: --progress'],
  ])('%j', (argv, message) => {
    expect(flagError([...argv, '.'])).toBe(message)
  })

  it('--memory-swap -1 means unlimited', () => {
    expect(options(['--memory-swap', '-1', '.']).memorySwap).toBe(-1)
  })

  it('--add-host is sent as name:ip', () => {
    expect(options(['--add-host', 'h=::1', '.']).extraHosts).toEqual(['h:::1'])
  })
})

// What the per-container verbs send, and how they read odd answers, against a fake engine: the
// query parameters docker's client sets (and leaves out), update's JSON body, names with slashes,
// a wait answer carrying an error, a prune answer that is not JSON, and concurrency limits.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine
let configDir = ''

beforeAll(async () => {
  engine = await startFakeEngine()
  configDir = mkdtempSync(path.join(tmpdir(), 'whalectl-lifecycle-'))
})
afterAll(async () => {
  await engine.close()
  rmSync(configDir, {force: true, recursive: true})
})
beforeEach(() => {
  engine.requests.length = 0
  writeFileSync(path.join(configDir, 'config.json'), '{}')
})

const env = () => ({DOCKER_CONFIG: configDir, DOCKER_HOST: engine.host})
const noContent = (_req: unknown, res: {writeHead: (s: number) => void; end: () => void}): void => {
  res.writeHead(204)
  res.end()
}
/** The requests after the version ping, as `METHOD path?query`. */
const sent = (): string[] =>
  engine.requests.filter((r) => r.path !== '/_ping').map((r) => `${r.method} ${r.path}${r.query.size > 0 ? `?${r.query.toString()}` : ''}`)

describe('stop, restart, kill', () => {
  it('no -t sends no t (the container\'s own timeout); -t and -s are sent as given', async () => {
    engine.on('POST', '/containers/c1/stop', noContent)
    engine.on('POST', '/containers/c1/restart', noContent)
    expect(await runCli(['stop', 'c1'], env())).toEqual({code: 0, stderr: '', stdout: 'c1\n'})
    await runCli(['stop', '-t', '0', '-s', 'SIGUSR1', 'c1'], env())
    await runCli(['restart', '--time=3', 'c1'], env())
    expect(sent()).toEqual(['POST /containers/c1/stop', 'POST /containers/c1/stop?signal=SIGUSR1&t=0', 'POST /containers/c1/restart?t=3'])
  })

  it('kill: no signal parameter unless -s is given and not empty', async () => {
    engine.on('POST', '/containers/c1/kill', noContent)
    await runCli(['kill', 'c1'], env())
    await runCli(['kill', '-s', '', 'c1'], env())
    await runCli(['kill', '-s', 'HUP', 'c1'], env())
    expect(sent()).toEqual(['POST /containers/c1/kill', 'POST /containers/c1/kill', 'POST /containers/c1/kill?signal=HUP'])
  })

  it('a name with slashes is asked for as docker\'s path.Join cleans it, and printed as given', async () => {
    engine.on('POST', '/containers/c1/stop', noContent)
    expect(await runCli(['stop', '/c1', 'c1/'], env())).toEqual({code: 0, stderr: '', stdout: '/c1\nc1/\n'})
    expect(sent()).toEqual(['POST /containers/c1/stop', 'POST /containers/c1/stop'])
  })

  it('stop runs the containers concurrently; restart one after the other', async () => {
    let running = 0
    let most = 0
    const slow = async (_req: unknown, res: {writeHead: (s: number) => void; end: () => void}): Promise<void> => {
      running++
      most = Math.max(most, running)
      await new Promise((resolve) => setTimeout(resolve, 150))
      running--
      res.writeHead(204)
      res.end()
    }
    for (const name of ['s1', 's2', 's3']) {
      engine.on('POST', `/containers/${name}/stop`, slow)
      engine.on('POST', `/containers/${name}/restart`, slow)
    }
    expect((await runCli(['stop', 's1', 's2', 's3'], env())).stdout).toBe('s1\ns2\ns3\n')
    expect(most).toBe(3)
    most = 0
    expect((await runCli(['restart', 's1', 's2', 's3'], env())).stdout).toBe('s1\ns2\ns3\n')
    expect(most).toBe(1)
  })
})

describe('rm', () => {
  it('force, v and link are sent as 1 only when given', async () => {
    engine.on('DELETE', '/containers/c1', noContent)
    await runCli(['rm', 'c1'], env())
    await runCli(['rm', '-fvl', 'c1'], env())
    expect(sent()).toEqual(['DELETE /containers/c1', 'DELETE /containers/c1?force=1&link=1&v=1'])
  })

  it('-f: a 404 is printed on stderr and exits 0; any other failure still fails', async () => {
    engine.on('DELETE', '/containers/gone', (_req, res) => sendJSON(res, 404, {message: 'No such container: gone'}))
    engine.on('DELETE', '/containers/busy', (_req, res) => sendJSON(res, 409, {message: 'busy'}))
    engine.on('DELETE', '/containers/c1', noContent)
    expect(await runCli(['rm', '-f', 'gone', 'c1'], env())).toEqual({code: 0, stderr: 'Error response from daemon: No such container: gone\n', stdout: 'c1\n'})
    expect(await runCli(['rm', '-f', 'busy', 'gone'], env())).toEqual({
      code: 1,
      stderr: 'Error response from daemon: No such container: gone\nError response from daemon: busy\n',
      stdout: '',
    })
  })
})

describe('update', () => {
  it('sends docker\'s UpdateConfig: every resource, zero when not given, PidsLimit only when set', async () => {
    engine.on('POST', '/containers/c1/update', (_req, res) => sendJSON(res, 200, {Warnings: ['one', 'two']}))
    const result = await runCli(['update', '--cpus', '0.5', '-m', '1g', '--restart', 'on-failure:2', '--pids-limit', '7', 'c1', 'c1'], env())
    expect(result).toEqual({code: 0, stderr: '', stdout: 'c1\nc1\none\ntwo\none\ntwo\n'})
    const body = JSON.parse((engine.requests.at(-1)?.body ?? Buffer.alloc(0)).toString()) as Record<string, unknown>
    expect(body).toEqual({
      BlkioWeight: 0,
      CpuPeriod: 0,
      CpuQuota: 0,
      CpuRealtimePeriod: 0,
      CpuRealtimeRuntime: 0,
      CpuShares: 0,
      CpusetCpus: '',
      CpusetMems: '',
      KernelMemory: 0,
      Memory: 1073741824,
      MemoryReservation: 0,
      MemorySwap: 0,
      NanoCpus: 500000000,
      PidsLimit: 7,
      RestartPolicy: {MaximumRetryCount: 2, Name: 'on-failure'},
    })
  })

  it('a policy docker refuses is refused before any request', async () => {
    expect(await runCli(['update', '--restart', 'always:x', 'c1'], env())).toEqual({code: 1, stderr: 'invalid restart policy format: maximum retry count must be an integer\n', stdout: ''})
    expect(sent()).toEqual([])
  })
})

describe('wait', () => {
  it('prints the status code even when the answer carries an error; a body that is not JSON is the error', async () => {
    engine.on('POST', '/containers/w1/wait', (_req, res) => sendJSON(res, 200, {Error: {Message: 'oops'}, StatusCode: 7}))
    engine.on('POST', '/containers/w2/wait', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('not json')
    })
    expect(await runCli(['wait', 'w1', 'w2', 'w1'], env())).toEqual({code: 1, stderr: 'not json\n', stdout: '7\n7\n'})
  })
})

describe('container prune', () => {
  it('sends the command line\'s filters with config.json\'s pruneFilters, as docker merges them', async () => {
    engine.on('POST', '/containers/prune', (_req, res) => sendJSON(res, 200, {ContainersDeleted: null, SpaceReclaimed: 0}))
    writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({pruneFilters: ['until=24h', 'label=ignored', 'label!=kept']}))
    expect(await runCli(['container', 'prune', '-f', '--filter', 'label=a=b'], env())).toEqual({code: 0, stderr: '', stdout: 'Total reclaimed space: 0B\n'})
    expect(JSON.parse(engine.requests.at(-1)?.query.get('filters') ?? '')).toEqual({label: {'a=b': true}, 'label!': {kept: true}, until: {'24h': true}})
  })

  it('an answer that is not JSON: docker\'s wording', async () => {
    engine.on('POST', '/containers/prune', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end('{')
    })
    const result = await runCli(['container', 'prune', '-f'], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^Error retrieving disk usage: /)
  })

  it.each([
    ['null', 0, 'Total reclaimed space: 0B\n', ''],
    ['{"ContainersDeleted":["a",null],"SpaceReclaimed":null}', 0, 'Deleted Containers:\na\n\n\nTotal reclaimed space: 0B\n', ''],
    ['[]', 1, '', 'Error retrieving disk usage: json: cannot unmarshal array into Go value of type container.PruneReport\n'],
    ['{"ContainersDeleted":"x"}', 1, '', 'Error retrieving disk usage: json: cannot unmarshal string into Go struct field PruneReport.ContainersDeleted of type []string\n'],
    ['{"ContainersDeleted":[1]}', 1, '', 'Error retrieving disk usage: json: cannot unmarshal number into Go struct field PruneReport.ContainersDeleted of type string\n'],
    ['{"SpaceReclaimed":-1}', 1, '', 'Error retrieving disk usage: json: cannot unmarshal number -1 into Go struct field PruneReport.SpaceReclaimed of type uint64\n'],
  ])('the answer %s is read as Go decodes it into a PruneReport', async (answer, code, stdout, stderr) => {
    engine.on('POST', '/containers/prune', (_req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end(answer)
    })
    expect(await runCli(['container', 'prune', '-f'], env())).toEqual({code, stderr, stdout})
  })

  it('without -f and a declined prompt, nothing is sent', async () => {
    expect(await runCli(['container', 'prune'], env(), 'n\n')).toEqual({
      code: 0,
      stderr: '',
      stdout: 'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ',
    })
    expect(sent()).toEqual([])
  })
})

// inspect, port, top and diff against a fake engine: what the real test engine cannot show
// (published ports: it runs with --bridge=none; a swarm manager; an /info failure; odd change
// kinds) and the exact requests docker's lookup order makes. The expected texts were checked
// against docker 28.2.2 pointed at the same fake engine.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine

const container = {
  Id: 'c0ffee',
  Name: '/web',
  NetworkSettings: {
    Ports: {
      '53/udp': [{HostIp: '0.0.0.0', HostPort: '5353'}],
      '80/tcp': [
        {HostIp: '0.0.0.0', HostPort: '8080'},
        {HostIp: '::', HostPort: '8080'},
      ],
      '443/tcp': [{HostIp: '127.0.0.1', HostPort: '10443'}],
      '7000/tcp': null,
      '9/tcp': [{HostIp: '', HostPort: '9999'}],
    },
  },
}

let swarmManager = false
let infoFails = false

beforeAll(async () => {
  engine = await startFakeEngine()
  engine.on('GET', '/containers/web/json', (_req, res) => sendJSON(res, 200, container))
  engine.on('GET', '/info', (_req, res) => {
    if (infoFails) sendJSON(res, 500, {message: 'info is broken'})
    else sendJSON(res, 200, {Swarm: {ControlAvailable: swarmManager}})
  })
  engine.on('GET', '/services/svc', (_req, res) => {
    res.writeHead(200, {'Api-Version': '1.41', 'Content-Type': 'application/json'})
    res.end('{"ID":"s1","Version":{"Index":12345678901234567890},"Spec":{"Name":"svc","Labels":{"b":"2","a":"1"}}}\n')
  })
  engine.on('GET', '/containers/busy/top', (req, res) =>
    sendJSON(res, 200, {
      Processes: [
        ['0', '1', 'sleep 600'],
        ['1000', '23', 'a very long command line that is wider than twenty cells'],
      ],
      Titles: req.query.get('ps_args') === '-o user,pid,args' ? ['USER', 'PID', 'COMMAND'] : ['UID', 'PID', 'CMD'],
    }),
  )
  engine.on('GET', '/containers/busy/changes', (_req, res) =>
    sendJSON(res, 200, [
      {Kind: 0, Path: '/etc'},
      {Kind: 1, Path: '/etc/new file'},
      {Kind: 2, Path: '/tmp/gone'},
      {Kind: 7, Path: '/odd'},
    ]),
  )
})
afterAll(async () => {
  await engine.close()
})

const env = () => ({DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: engine.host})

/** The requests (method and path) made since `from`, pings left out. */
const requestsSince = (from: number): string[] =>
  engine.requests.slice(from).filter((r) => r.path !== '/_ping').map((r) => `${r.method} ${r.path}${r.query.toString() === '' ? '' : `?${r.query.toString()}`}`)

describe('port', () => {
  it('lists every binding in natural order, IPv6 hosts in brackets', async () => {
    const r = await runCli(['port', 'web'], env())
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: '9/tcp -> :9999\n53/udp -> 0.0.0.0:5353\n80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n443/tcp -> 127.0.0.1:10443\n',
    })
  })

  it('prints the host addresses of one private port, tcp by default', async () => {
    expect((await runCli(['port', 'web', '80'], env())).stdout).toBe('0.0.0.0:8080\n[::]:8080\n')
    expect((await runCli(['container', 'port', 'web', '80/tcp'], env())).stdout).toBe('0.0.0.0:8080\n[::]:8080\n')
    expect((await runCli(['port', 'web', '53/udp'], env())).stdout).toBe('0.0.0.0:5353\n')
    expect((await runCli(['port', 'web', '9'], env())).stdout).toBe(':9999\n')
  })

  it('refuses ports that are not published', async () => {
    expect(await runCli(['port', 'web', '53'], env())).toEqual({code: 1, stderr: "Error: No public port '53' published for web\n", stdout: ''})
    expect(await runCli(['port', 'web', '7000'], env())).toEqual({code: 1, stderr: "Error: No public port '7000' published for web\n", stdout: ''})
    expect((await runCli(['port', 'web', '80/sctp'], env())).stderr).toBe("Error: No public port '80/sctp' published for web\n")
  })

  it('refuses a port that is not a 16-bit number before looking it up', async () => {
    expect(await runCli(['port', 'web', 'http'], env())).toEqual({
      code: 1,
      stderr: 'Error: invalid port (http): strconv.ParseUint: parsing "http": invalid syntax\n',
      stdout: '',
    })
    expect((await runCli(['port', 'web', '65536/udp'], env())).stderr).toBe('Error: invalid port (65536): strconv.ParseUint: parsing "65536": value out of range\n')
  })
})

describe('top', () => {
  it('aligns the engine\'s table with a minimum width of 20 and passes ps options through', async () => {
    const from = engine.requests.length
    const r = await runCli(['top', 'busy', '-o', 'user,pid,args'], env())
    expect(r.stdout).toBe(
      'USER                PID                 COMMAND\n0                   1                   sleep 600\n1000                23                  a very long command line that is wider than twenty cells\n',
    )
    expect(requestsSince(from)).toEqual(['GET /containers/busy/top?ps_args=-o+user%2Cpid%2Cargs'])
  })
})

describe('diff', () => {
  it('prints C, A, D and nothing for an unknown kind', async () => {
    expect((await runCli(['diff', 'busy'], env())).stdout).toBe('C /etc\nA /etc/new file\nD /tmp/gone\n /odd\n')
  })
})

describe('inspect lookups', () => {
  it('asks for a container, image, network, volume, then /info, then a plugin; swarm objects only on a manager', async () => {
    swarmManager = false
    let from = engine.requests.length
    let r = await runCli(['inspect', 'thing'], env())
    expect(r).toEqual({code: 1, stderr: 'Error: No such object: thing\n', stdout: '[]\n'})
    expect(requestsSince(from)).toEqual([
      'GET /containers/thing/json',
      'GET /images/thing/json',
      'GET /networks/thing',
      'GET /volumes/thing',
      'GET /info',
      'GET /plugins/thing/json',
    ])

    swarmManager = true
    from = engine.requests.length
    r = await runCli(['inspect', 'thing', 'other'], env())
    expect(r.stderr).toBe('Error: No such object: thing\nError: No such object: other\n')
    expect(requestsSince(from).filter((line) => line.includes('thing'))).toEqual([
      'GET /containers/thing/json',
      'GET /images/thing/json',
      'GET /networks/thing',
      'GET /volumes/thing',
      'GET /services/thing?insertDefaults=true',
      'GET /tasks/thing',
      'GET /nodes/thing',
      'GET /plugins/thing/json',
      'GET /secrets/thing',
      'GET /configs/thing',
    ])
    // /info is asked once per name.
    expect(requestsSince(from).filter((line) => line === 'GET /info')).toHaveLength(2)
  })

  it('says why /info failed and goes on without swarm objects', async () => {
    infoFails = true
    try {
      const r = await runCli(['inspect', '-f', '{{.Name}}', 'web', 'thing'], env())
      expect(r).toEqual({code: 1, stderr: 'Error response from daemon: info is broken\nError: No such object: thing\n', stdout: '/web\n'})
    } finally {
      infoFails = false
    }
  })

  it('reads a swarm service (no Go type here) in the order sent, numbers exact', async () => {
    swarmManager = true
    // docker's swarm.Service type would also show its zero-valued fields and sort the labels.
    const r = await runCli(['inspect', '-f', '{{.Version.Index}} {{.Spec.Name}} {{.ID}}', 'svc'], env())
    expect(r).toEqual({code: 0, stderr: '', stdout: '12345678901234567890 svc s1\n'})
  })

  it('warns that --size applies to containers only, as it finds each object', async () => {
    swarmManager = true
    const r = await runCli(['inspect', '-s', '-f', '{{.ID}}', 'svc', 'web'], env())
    expect(r).toEqual({code: 0, stderr: 'WARNING: --size ignored for service\n', stdout: 's1\nc0ffee\n'})
  })
})

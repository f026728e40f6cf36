// The requests images, rmi, tag, history and image prune send, against a fake engine: each
// expected URL is what docker 28.2.2 sent for the same command line (recorded the same way).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {runCli} from '../fake-engine/run-cli.js'
import {type FakeEngine, sendJSON, startFakeEngine} from '../fake-engine/server.js'

let engine: FakeEngine
let newer: FakeEngine

function answer(fake: FakeEngine): void {
  fake.on('GET', '/images/json', (_req, res) => sendJSON(res, 200, []))
  fake.on('GET', '/images/a/history', (_req, res) => sendJSON(res, 200, []))
  fake.on('DELETE', '/images/a', (_req, res) => sendJSON(res, 200, [{Untagged: 'a:latest'}, {Deleted: 'sha256:1'}]))
  fake.on('DELETE', '/images/b', (_req, res) => sendJSON(res, 404, {message: 'No such image: b:latest'}))
  fake.on('DELETE', '/images', (_req, res) => sendJSON(res, 404, {message: 'page not found'}))
  fake.on('POST', '/images/a/tag', (_req, res) => {
    res.writeHead(201)
    res.end()
  })
  fake.on('POST', '/images/prune', (_req, res) => sendJSON(res, 200, {ImagesDeleted: null, SpaceReclaimed: 0}))
}

beforeAll(async () => {
  engine = await startFakeEngine()
  newer = await startFakeEngine({apiVersion: '1.50'})
  answer(engine)
  answer(newer)
})
afterAll(async () => {
  await engine.close()
  await newer.close()
})

const env = (fake = engine) => ({DOCKER_CONFIG: '/nonexistent-whalectl-config', DOCKER_HOST: fake.host})

/** Runs the command line and returns the request lines it sent after the ping. */
async function sent(args: string[], fake = engine, input?: string): Promise<string[]> {
  const before = fake.requests.length
  const r = await runCli(args, env(fake), input)
  expect(r.stderr.startsWith('Error') || r.code === 0, r.stderr).toBe(true)
  return fake.requests.slice(before).filter((req) => req.path !== '/_ping').map((req) => `${req.method} ${req.url}`)
}

describe('queries, as docker sends them', () => {
  it('images: all, filters with the argument as a reference; no shared-size or manifests', async () => {
    expect(await sent(['images'])).toEqual(['GET /v1.41/images/json'])
    expect(await sent(['images', '-a', '--digests', '-f', 'dangling=true', '-f', 'label=a=b', 'foo:bar'])).toEqual([
      'GET /v1.41/images/json?all=1&filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%2C%22label%22%3A%7B%22a%3Db%22%3Atrue%7D%2C%22reference%22%3A%7B%22foo%3Abar%22%3Atrue%7D%7D',
    ])
    expect(await sent(['image', 'ls', '--format', '{{.Containers}}'], newer)).toEqual(['GET /v1.50/images/json'])
  })

  it('rmi: one request per image, force and noprune only when set', async () => {
    expect(await sent(['rmi', '-f', 'a', 'b'])).toEqual(['DELETE /v1.41/images/a?force=1', 'DELETE /v1.41/images/b?force=1'])
    expect(await sent(['image', 'rm', '--no-prune', 'a'])).toEqual(['DELETE /v1.41/images/a?noprune=1'])
    // path.Join drops the trailing slash of an empty name
    expect(await sent(['rmi', ''])).toEqual(['DELETE /v1.41/images'])
  })

  it('rmi --platform: each platform as JSON, from API 1.50', async () => {
    expect(await sent(['rmi', '--platform', 'linux/amd64,linux/arm64', '--platform', 'linux/arm/v7', 'a'], newer)).toEqual([
      'DELETE /v1.50/images/a?platforms=%7B%22architecture%22%3A%22amd64%22%2C%22os%22%3A%22linux%22%7D&platforms=%7B%22architecture%22%3A%22arm64%22%2C%22os%22%3A%22linux%22%7D&platforms=%7B%22architecture%22%3A%22arm%22%2C%22os%22%3A%22linux%22%2C%22variant%22%3A%22v7%22%7D',
    ])
    expect(await runCli(['rmi', '--platform', 'bad/x/y/z', 'a'], env(newer))).toEqual({code: 1, stderr: '"bad/x/y/z": cannot parse platform specifier: invalid argument\n', stdout: ''})
    const r = await runCli(['rmi', '--platform', 'linux/amd64', 'a'], env())
    expect(r).toEqual({code: 1, stderr: '"--platform" requires API version 1.50, but the Docker daemon API version is 1.41\n', stdout: ''})
  })

  it('tag: the target normalised, latest by default', async () => {
    expect(await sent(['tag', 'a', 'b:c'])).toEqual(['POST /v1.41/images/a/tag?repo=docker.io%2Flibrary%2Fb&tag=c'])
    expect(await sent(['image', 'tag', 'a', '127.0.0.1:5000/x/y'])).toEqual(['POST /v1.41/images/a/tag?repo=127.0.0.1%3A5000%2Fx%2Fy&tag=latest'])
  })

  it('history: the platform as JSON from API 1.48', async () => {
    expect(await sent(['history', 'a'])).toEqual(['GET /v1.41/images/a/history'])
    expect(await sent(['image', 'history', '--platform', 'linux/amd64', 'a'], newer)).toEqual([
      'GET /v1.50/images/a/history?platform=%7B%22architecture%22%3A%22amd64%22%2C%22os%22%3A%22linux%22%7D',
    ])
    expect(await runCli(['history', '--platform', 'bad/x/y/z', 'a'], env(newer))).toEqual({
      code: 1,
      stderr: 'invalid platform: "bad/x/y/z": cannot parse platform specifier: invalid argument\n',
      stdout: '',
    })
    const r = await runCli(['history', '--platform', 'linux/amd64', 'a'], env())
    expect(r).toEqual({code: 1, stderr: '"--platform" requires API version 1.48, but the Docker daemon API version is 1.41\n', stdout: ''})
  })

  it('image prune: dangling=true, or dangling=false with -a, plus the filters given', async () => {
    expect(await sent(['image', 'prune'], engine, 'y\n')).toEqual(['POST /v1.41/images/prune?filters=%7B%22dangling%22%3A%7B%22true%22%3Atrue%7D%7D'])
    expect(await sent(['image', 'prune', '-a', '-f', '--filter', 'until=24h'])).toEqual([
      'POST /v1.41/images/prune?filters=%7B%22dangling%22%3A%7B%22false%22%3Atrue%7D%2C%22until%22%3A%7B%2224h%22%3Atrue%7D%7D',
    ])
  })
})

describe('answers', () => {
  it('rmi -f: a missing image is reported on stderr, the others printed, exit 0', async () => {
    const r = await runCli(['rmi', '-f', 'b', 'a'], env())
    expect(r).toEqual({code: 0, stderr: 'Error response from daemon: No such image: b:latest\n', stdout: 'Untagged: a:latest\nDeleted: sha256:1\n'})
  })

  it('image prune: a declined prompt sends nothing and exits 0', async () => {
    expect(await sent(['image', 'prune'], engine, 'n\n')).toEqual([])
    const r = await runCli(['image', 'prune', '-a'], env(), '')
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: 'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ',
    })
  })

  it('images --tree needs API 1.47', async () => {
    const r = await runCli(['images', '--tree=false'], env())
    expect(r).toEqual({code: 1, stderr: '"--tree" requires API version 1.47, but the Docker daemon API version is 1.41\n', stdout: ''})
  })
})

describe('answers of the wrong shape, worded as docker words them', () => {
  let odd: FakeEngine
  let body = ''
  beforeAll(async () => {
    odd = await startFakeEngine()
    const reply = (_req: unknown, res: Parameters<Parameters<FakeEngine['on']>[2]>[1]): void => {
      res.writeHead(200, {'Content-Type': 'application/json'})
      res.end(body)
    }
    odd.on('GET', '/images/json', reply)
    odd.on('GET', '/images/a/history', reply)
    odd.on('DELETE', '/images/a', reply)
    odd.on('POST', '/images/prune', reply)
  })
  afterAll(async () => {
    await odd.close()
  })

  const cases: Array<[string, string[], string]> = [
    ['{}', ['images'], 'json: cannot unmarshal object into Go value of type []image.Summary'],
    ['"x"', ['history', 'a'], 'json: cannot unmarshal string into Go value of type []image.HistoryResponseItem'],
    ['true', ['rmi', 'a'], 'json: cannot unmarshal bool into Go value of type []image.DeleteResponse'],
    ['[1]', ['images'], 'json: cannot unmarshal number into Go value of type image.Summary'],
    ['[[]]', ['rmi', 'a'], 'json: cannot unmarshal array into Go value of type image.DeleteResponse'],
    ['5', ['image', 'prune', '-f'], 'Error retrieving disk usage: json: cannot unmarshal number into Go value of type image.PruneReport'],
    ['[]', ['image', 'prune', '-f'], 'Error retrieving disk usage: json: cannot unmarshal array into Go value of type image.PruneReport'],
  ]
  for (const [answer, args, message] of cases) {
    it(`${args.join(' ')} given ${answer}`, async () => {
      body = answer
      expect(await runCli(args, env(odd))).toEqual({code: 1, stderr: `${message}\n`, stdout: ''})
    })
  }

  it('null is an empty answer, and a null element a zero value', async () => {
    body = 'null'
    expect(await runCli(['images', '-q'], env(odd))).toEqual({code: 0, stderr: '', stdout: ''})
    body = '[null]'
    expect(await runCli(['history', '--format', '[{{.ID}}]', 'a'], env(odd))).toEqual({code: 0, stderr: '', stdout: '[]\n'})
  })
})

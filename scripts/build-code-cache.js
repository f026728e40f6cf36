// Makes the V8 code cache shipped beside the bundle (dist/cli.cjs.cache): compiles the bundle,
// runs it through the start-up path of every command, then asks V8 for the code it compiled, so
// that a user's command finds its own functions compiled already.
//
// The commands run against a small fake engine on a unix socket in a temporary directory (no
// network), which answers the ping, the container list and the version, and 404 to the rest:
// enough for each verb to parse its flags, set up its client, make its first request and print
// what a list or an error looks like. scripts/build.js starts this script with the node options
// of bin/run.js's launcher line, because V8 refuses a cache made under other options.
import {createServer} from 'node:http'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Readable, Writable} from 'node:stream'

import {BUNDLE_FILE} from './build-lib.js'

const {compileBundle, shippedCacheFile} = await import('../dist/lib/startup/bundle-loader.js')
const {bundleHashOf, processCacheKey, withHeader} = await import('../dist/lib/startup/cache-key.js')
const {COMMANDS, GROUPS} = await import('../dist/commands.js')
const {readFileSync} = await import('node:fs')

const PER_COMMAND_MS = 2000
const CONTAINER = {
  Command: 'sleep 3600',
  Created: Math.floor(Date.now() / 1000) - 90,
  HostConfig: {NetworkMode: 'default'},
  Id: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2',
  Image: 'busybox',
  ImageID: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
  Labels: {k: 'v'},
  Mounts: [],
  Names: ['/trainer'],
  NetworkSettings: {Networks: {}},
  Ports: [{PrivatePort: 80, Type: 'tcp'}],
  State: 'running',
  Status: 'Up About a minute',
}

function fakeEngine(socketPath) {
  const server = createServer((req, res) => {
    req.resume()
    const url = new URL(req.url ?? '/', 'http://engine')
    const route = url.pathname.replace(/^\/v[0-9.]+/, '')
    res.setHeader('Api-Version', '1.41')
    res.setHeader('Ostype', 'linux')
    if (route === '/_ping') return res.end('OK')
    if (route === '/containers/json') return json(res, 200, [CONTAINER])
    if (route === '/version') return json(res, 200, {ApiVersion: '1.41', Arch: 'amd64', MinAPIVersion: '1.12', Os: 'linux', Version: '20.10.24'})
    return json(res, 404, {message: `No such object: ${route}`})
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(socketPath, () => resolve(server))
  })
}

function json(res, status, body) {
  res.writeHead(status, {'Content-Type': 'application/json'})
  res.end(`${JSON.stringify(body)}\n`)
}

/** The command lines to run: every verb bare, with one and with two arguments, plus common forms. */
function commandLines() {
  const spelled = (id) => {
    if (!id.includes(':')) return [id]
    for (const [group, subs] of Object.entries(GROUPS)) {
      const sub = Object.entries(subs).find(([, target]) => target === id)?.[0]
      if (sub) return [group, sub]
    }
    return id.split(':')
  }
  const lines = [['--version'], ['ps'], ['ps', '-a', '--format', '{{.Names}}\t{{.Status}}'], ['ps', '-q'], ['run', '--rm', 'busybox', 'true'], ['run', '-i', '--rm', 'busybox', 'cat'], ['logs', 'trainer'], ['inspect', 'trainer']]
  for (const id of Object.keys(COMMANDS)) {
    const verb = spelled(id)
    lines.push(verb, [...verb, 'busybox'], [...verb, 'busybox', 'true'])
  }
  return lines
}

const discard = () => new Writable({write: (_chunk, _encoding, done) => done()})

const work = mkdtempSync(path.join(os.tmpdir(), 'whalectl-code-cache-'))
let exitCode = 0
try {
  const socketPath = path.join(work, 'engine.sock')
  const server = await fakeEngine(socketPath)
  const source = readFileSync(BUNDLE_FILE, 'utf8')
  const hash = bundleHashOf(source)
  if (hash === undefined) throw new Error('the bundle carries no hash line')
  const compiled = compileBundle(source, BUNDLE_FILE)
  const cli = compiled.run()
  const env = {DOCKER_CONFIG: path.join(work, 'config'), DOCKER_HOST: `unix://${socketPath}`, HOME: work, PATH: process.env.PATH ?? '/usr/bin:/bin'}
  // Relative paths some verbs read (a build context, an archive) point into the scratch directory.
  process.chdir(work)
  const lines = commandLines()
  for (const argv of lines) {
    const io = {env, stderr: discard(), stdin: Readable.from([]), stdout: discard()}
    let timer
    await Promise.race([cli.main(argv, io).catch(() => 1), new Promise((resolve) => (timer = setTimeout(resolve, PER_COMMAND_MS)))])
    clearTimeout(timer)
  }
  const key = processCacheKey(hash, process.env)
  const data = compiled.script.createCachedData()
  writeFileSync(shippedCacheFile(BUNDLE_FILE), withHeader(key, data))
  console.log(`${path.basename(shippedCacheFile(BUNDLE_FILE))}: ${(data.length / 1024).toFixed(0)} KiB from ${lines.length} command lines (node ${process.version}, options: ${process.execArgv.join(' ') || 'none'})`)
  server.close()
} catch (error) {
  console.error(`build-code-cache: ${error instanceof Error ? error.message : String(error)}`)
  exitCode = 1
} finally {
  process.chdir(os.tmpdir())
  rmSync(work, {force: true, recursive: true})
}
// A verb left waiting on the fake engine (events, stats) must not keep the build waiting.
process.exit(exitCode)

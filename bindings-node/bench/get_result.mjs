// getResult throughput, sequential and 32 in flight, for the pure-Rust client, this binding,
// undici.request, fetch and axios, each doing the same GET + JSON parse of a completed session's
// result. Not a test. Two loopback servers, each in its own process, one after the other:
// - `sandbox`: the project's sandbox with one completed session (bench/server.mjs);
// - `bare`: sandbox/examples/bare_server answering the sandbox's exact result body on every path,
//   so that the server's own work (routing, auth, SQLite) does not dilute the clients' costs.
//
//   npm run build:release && node bench/get_result.mjs [calls] [sandbox|bare|both]
// (the pure-Rust row needs target/release/examples/get_result_loop, the `bare` server
// target/release/examples/bare_server: `cargo build --release -p yoti-age --example
// get_result_loop -p yoti-age-sandbox --example bare_server`)
import { execFileSync, fork, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { request, Agent } from 'undici'
import axios from 'axios'
import http from 'node:http'

const N = Number(process.argv[2] ?? 20000)
const SERVERS = (process.argv[3] ?? 'both') === 'both' ? ['sandbox', 'bare'] : [process.argv[3]]
const CONCURRENCY = 32

const yoti = await import('yoti-age')
// `require('yoti-age')` in fresh processes (process start excluded): the median of 9.
const requireCode = "const t = process.hrtime.bigint(); require('yoti-age'); console.log(Number(process.hrtime.bigint() - t) / 1e6)"
const requireSamples = Array.from({ length: 9 }, () => Number(execFileSync(process.execPath, ['-e', requireCode], { encoding: 'utf8' })))
const requireMs = requireSamples.sort((a, b) => a - b)[4]

const sandbox = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)))
const { env: sandboxEnv, sessionId: SESSION } = await new Promise((resolve) => sandbox.once('message', resolve))
const headers = { 'yoti-sdk-id': sandboxEnv.YOTI_SDK_ID, authorization: `Bearer ${sandboxEnv.YOTI_API_KEY}` }
const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

/** Starts bare_server answering the sandbox's result body as received; resolves to its API URL. */
async function startBare(work) {
  const { body } = await request(`${sandboxEnv.YOTI_AVS_URL}/sessions/${SESSION}/result`, { headers })
  const file = join(work, 'result.json')
  writeFileSync(file, await body.text())
  const program = repo('target/release/examples/bare_server')
  if (!existsSync(program)) {
    throw new Error(`${program} is missing: cargo build --release -p yoti-age-sandbox --example bare_server`)
  }
  const bare = spawn(program, [file], { stdio: ['ignore', 'pipe', 'inherit'] })
  const [line] = await once(createInterface({ input: bare.stdout }), 'line')
  return { url: new URL('/api/v1', line).href, stop: () => bare.kill() }
}

async function measure(fn) {
  for (let i = 0; i < 500; i++) await fn()
  let start = performance.now()
  for (let i = 0; i < N; i++) await fn()
  const sequential = N / ((performance.now() - start) / 1000)
  start = performance.now()
  const per = Math.floor(N / CONCURRENCY)
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let i = 0; i < per; i++) await fn()
  }))
  const concurrent = (per * CONCURRENCY) / ((performance.now() - start) / 1000)
  return { sequential, concurrent }
}

/** Every contender against the API at `avsUrl`; prints one table and the ratios. */
async function suite(label, avsUrl) {
  const url = `${avsUrl}/sessions/${SESSION}/result`
  const client = new yoti.Client({
    sdkId: sandboxEnv.YOTI_SDK_ID,
    apiKey: sandboxEnv.YOTI_API_KEY,
    environment: { avsUrl },
  })
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 })
  const ax = axios.create({ httpAgent: new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY }) })
  const contenders = {
    'yoti-age (this binding)': () => client.getResult(SESSION),
    'undici.request': async () => {
      const { body } = await request(url, { headers, dispatcher })
      return body.json()
    },
    fetch: async () => (await fetch(url, { headers })).json(),
    axios: async () => (await ax.get(url, { headers })).data,
  }
  const rows = {}
  // The pure-Rust row: core/examples/get_result_loop.rs, 3 seconds per mode.
  const rustLoop = repo('target/release/examples/get_result_loop')
  if (existsSync(rustLoop)) {
    const env = { ...process.env, ...sandboxEnv, YOTI_AVS_URL: avsUrl }
    const run = (n) => JSON.parse(execFileSync(rustLoop, [SESSION, '3', String(n)], { env, encoding: 'utf8' })).per_second
    rows['pure Rust (yoti_age::Client)'] = { sequential: run(1), concurrent: run(CONCURRENCY) }
  }
  for (const [name, fn] of Object.entries(contenders)) rows[name] = await measure(fn)
  await dispatcher.close()

  const fmt = (n) => Math.round(n).toLocaleString('en-US')
  console.log(`\ngetResult against the ${label} server, ${N} calls, loopback, ${new Date().toISOString()}`)
  console.log('| client | sequential ops/s | 32 in flight ops/s |')
  console.log('|---|---:|---:|')
  for (const [name, r] of Object.entries(rows)) console.log(`| ${name} | ${fmt(r.sequential)} | ${fmt(r.concurrent)} |`)
  const me = rows['yoti-age (this binding)']
  for (const other of ['undici.request', 'fetch', 'axios', 'pure Rust (yoti_age::Client)']) {
    const o = rows[other]
    if (o) console.log(`binding / ${other}: sequential ${(me.sequential / o.sequential).toFixed(2)}x, 32 in flight ${(me.concurrent / o.concurrent).toFixed(2)}x`)
  }
}

const work = mkdtempSync(join(tmpdir(), 'yoti-age-bench-'))
try {
  for (const server of SERVERS) {
    if (server === 'sandbox') await suite('sandbox', sandboxEnv.YOTI_AVS_URL)
    else if (server === 'bare') {
      const bare = await startBare(work)
      try {
        await suite('bare (sandbox/examples/bare_server)', bare.url)
      } finally {
        bare.stop()
      }
    } else throw new Error(`unknown server ${server}: sandbox, bare or both`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
const addon = fileURLToPath(new URL(process.env.YOTI_AGE_NATIVE_PATH ?? '../yoti-age.linux-x64-gnu.node', import.meta.url))
console.log(`\naddon size: ${(statSync(addon).size / 1024 / 1024).toFixed(2)} MB; require time (median of 9 fresh processes): ${requireMs.toFixed(1)} ms`)
sandbox.disconnect()
process.exit(0)

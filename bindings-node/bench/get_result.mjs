// getResult throughput, sequential and 32 in flight, for the pure-Rust client, this binding,
// undici.request, fetch and axios, each doing the same GET + JSON parse of a completed session's
// result against one loopback sandbox (bench/server.mjs, a separate process). Not a test.
//
//   npm run build:release && node bench/get_result.mjs [calls]
// (the pure-Rust row appears once target/release/examples/get_result_loop is built)
import { execFileSync, fork } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { request, Agent } from 'undici'
import axios from 'axios'
import http from 'node:http'

const N = Number(process.argv[2] ?? 20000)
const CONCURRENCY = 32

const yoti = await import('yoti-age')
// `require('yoti-age')` in fresh processes (process start excluded): the median of 9.
const requireCode = "const t = process.hrtime.bigint(); require('yoti-age'); console.log(Number(process.hrtime.bigint() - t) / 1e6)"
const requireSamples = Array.from({ length: 9 }, () => Number(execFileSync(process.execPath, ['-e', requireCode], { encoding: 'utf8' })))
const requireMs = requireSamples.sort((a, b) => a - b)[4]

const server = fork(fileURLToPath(new URL('./server.mjs', import.meta.url)))
const { env: sandboxEnv, sessionId: SESSION } = await new Promise((resolve) => server.once('message', resolve))
const url = `${sandboxEnv.YOTI_AVS_URL}/sessions/${SESSION}/result`
const headers = { 'yoti-sdk-id': sandboxEnv.YOTI_SDK_ID, authorization: `Bearer ${sandboxEnv.YOTI_API_KEY}` }

const client = new yoti.Client({
  sdkId: sandboxEnv.YOTI_SDK_ID,
  apiKey: sandboxEnv.YOTI_API_KEY,
  environment: { avsUrl: sandboxEnv.YOTI_AVS_URL },
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

const rows = {}
// The pure-Rust row: core/examples/get_result_loop.rs (build it with
// `cargo build --release -p yoti-age --example get_result_loop`) against the same server.
const rustLoop = fileURLToPath(new URL('../../target/release/examples/get_result_loop', import.meta.url))
if (existsSync(rustLoop)) {
  const env = { ...process.env, ...sandboxEnv }
  const run = (n) => JSON.parse(execFileSync(rustLoop, [SESSION, '3', String(n)], { env, encoding: 'utf8' })).per_second
  rows['pure Rust (yoti_age::Client)'] = { sequential: run(1), concurrent: run(CONCURRENCY) }
}
for (const [name, fn] of Object.entries(contenders)) rows[name] = await measure(fn)

const fmt = (n) => Math.round(n).toLocaleString('en-US')
console.log(`getResult, ${N} calls, loopback, ${new Date().toISOString()}`)
console.log('| client | sequential ops/s | 32 in flight ops/s |')
console.log('|---|---:|---:|')
for (const [name, r] of Object.entries(rows)) console.log(`| ${name} | ${fmt(r.sequential)} | ${fmt(r.concurrent)} |`)
const me = rows['yoti-age (this binding)']
for (const other of ['undici.request', 'fetch', 'axios']) {
  const o = rows[other]
  console.log(`binding / ${other}: sequential ${(me.sequential / o.sequential).toFixed(2)}x, 32 in flight ${(me.concurrent / o.concurrent).toFixed(2)}x`)
}
const addon = fileURLToPath(new URL(process.env.YOTI_AGE_NATIVE_PATH ?? '../yoti-age.linux-x64-gnu.node', import.meta.url))
console.log(`addon size: ${(statSync(addon).size / 1024 / 1024).toFixed(2)} MB; require time (median of 9 fresh processes): ${requireMs.toFixed(1)} ms`)
server.disconnect()
process.exit(0)

// examples/node run as tests: each must exit 0.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const examples = fileURLToPath(new URL('../../examples/node/', import.meta.url))
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url))
const run = (file) => execFileSync(process.execPath, [file], { cwd: examples, timeout: 60_000 }).toString()

test('webhook receiver verifies a real signed webhook from the sandbox', () => {
  const out = run('webhook-receiver.mjs')
  assert.match(out, /verified webhook .*: COMPLETE/)
  assert.match(out, /result: COMPLETE/)
})

test('TypeScript quickstart compiles with --strict and runs', () => {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: examples })
  const out = run('dist/quickstart.js')
  assert.match(out, /COMPLETE by DIGITAL_ID/)
  assert.match(out, /PoA: over 18/)
})

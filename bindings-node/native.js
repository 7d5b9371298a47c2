// Loads the addon built for this platform (`npm run build` puts it next to this file).
// YOTI_AGE_NATIVE_PATH overrides the path (e.g. a release build for the benchmark).
'use strict'

function platformName() {
  const { platform, arch } = process
  if (platform !== 'linux') return `${platform}-${arch}`
  // Debian, Ubuntu and most distributions are glibc; musl builds are not published.
  return `${platform}-${arch}-gnu`
}

const path = process.env.YOTI_AGE_NATIVE_PATH || `./yoti-age.${platformName()}.node`
let addon
try {
  addon = require(path)
} catch (error) {
  const hint = new Error(
    `yoti-age: cannot load the native addon ${path} (${error.message}). ` +
      'Build it with `npm run build` inside bindings-node (needs Rust and cargo).',
  )
  hint.cause = error
  throw hint
}

// Every native call that runs on the runtime is settled here: one threadsafe function per
// environment (src/runtime.rs) wakes this handler with every call that finished since its last
// run. The function is weak, so a timer holds the event loop open while calls are pending, and
// only then.
const pending = new Map()
let lastId = 0
let keepAlive = null

addon.nativeSetCompletionHandler((completions) => {
  for (const { id, reply } of completions) {
    const settle = pending.get(id)
    pending.delete(id)
    settle?.(reply)
  }
  if (pending.size === 0) keepAlive?.unref()
})

/**
 * Starts a native call: `start(callId)` calls the addon with a fresh call id. Returns the id
 * (for `nativeCancelCall`) and a Promise of the call's reply.
 */
function nativeCall(start) {
  lastId = lastId >= 0xfffffff0 ? 1 : lastId + 1
  const id = lastId
  const promise = new Promise((resolve) => pending.set(id, resolve))
  try {
    start(id)
  } catch (error) {
    pending.delete(id)
    throw error
  }
  if (pending.size === 1) (keepAlive ??= setInterval(() => {}, 0x7fffffff)).ref()
  return { id, promise }
}

module.exports = { ...addon, nativeCall }

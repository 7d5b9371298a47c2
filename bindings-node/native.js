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
try {
  module.exports = require(path)
} catch (error) {
  const hint = new Error(
    `yoti-age: cannot load the native addon ${path} (${error.message}). ` +
      'Build it with `npm run build` inside bindings-node (needs Rust and cargo).',
  )
  hint.cause = error
  throw hint
}

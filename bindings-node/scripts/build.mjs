// Builds the addon with cargo in the workspace target dir (reusing what `cargo test` built, no
// separate --target tree), copies it to yoti-age.<platform>.node and writes index.d.ts: the
// hand-written public API (types/header.d.ts) followed by the declarations napi-derive
// generates from the Rust sources.
//
//   node scripts/build.mjs [--release] [--dts <file>]   (--dts: write the types elsewhere,
//                                                         for the drift check)
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTypeDef } from '@napi-rs/cli'

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const release = args.includes('--release')
const dtsAt = args.includes('--dts') ? resolve(args[args.indexOf('--dts') + 1]) : join(here, 'index.d.ts')

const typeDefDir = mkdtempSync(join(tmpdir(), 'yoti-age-typedef-'))
try {
  const cargo = spawnSync(
    'cargo',
    // --release builds with the workspace's `dist` profile (release + LTO), as shipped.
    ['build', '-p', 'yoti-age-node', '--locked', ...(release ? ['--profile', 'dist'] : [])],
    {
      cwd: here,
      stdio: 'inherit',
      env: {
        ...process.env,
        NAPI_TYPE_DEF_TMP_FOLDER: typeDefDir,
        // Makes napi-derive re-run on the crate so the type definitions are written.
        NAPI_FORCE_BUILD_YOTI_AGE_NODE: String(Date.now()),
      },
    },
  )
  if (cargo.status !== 0) process.exit(cargo.status ?? 1)

  const meta = JSON.parse(
    spawnSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: here, encoding: 'utf8' }).stdout,
  )
  const lib = join(meta.target_directory, release ? 'dist' : 'debug', 'libyoti_age_node.so')
  const platform = `${process.platform}-${process.arch}${process.platform === 'linux' ? '-gnu' : ''}`
  copyFileSync(lib, join(here, `yoti-age.${platform}.node`))

  const { dts } = await generateTypeDef({
    typeDefDir,
    cwd: here,
    dtsHeaderFile: 'types/header.d.ts',
  })
  writeFileSync(dtsAt, dts)
  console.log(`built yoti-age.${platform}.node (${release ? 'release' : 'debug'}); types in ${dtsAt}`)
} finally {
  rmSync(typeDefDir, { recursive: true, force: true })
}

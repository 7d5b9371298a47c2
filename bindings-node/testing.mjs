// ESM entry of `yoti-age/testing`.
import cjs from './testing.js'

export const { Sandbox, startSandbox } = cjs
export default cjs

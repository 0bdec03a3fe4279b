import type { Options } from 'tsup'

// The declarations name WebCrypto's `Crypto` and `CryptoKey`, which only the DOM lib declares
// globally. These aliases take them from `globalThis.crypto`, which the DOM lib and Node's
// types (`@types/node`) both declare: a Node-only project (`lib: ["es2022"]`, no DOM) then
// type-checks, and with the DOM lib they are the DOM's own types.
const WEBCRYPTO_TYPES = [
  'type Crypto = typeof globalThis.crypto',
  "type CryptoKey = Awaited<ReturnType<Crypto['subtle']['importKey']>>",
  '',
].join('\n')

/** The build every package shares (STYLE §9): ESM + CJS + d.ts, neutral platform, no bundled deps. */
export const packageBuild: Options = {
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: { banner: WEBCRYPTO_TYPES },
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
  clean: true,
  sourcemap: true,
}

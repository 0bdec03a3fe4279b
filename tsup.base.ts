import type { Options } from 'tsup'

/** The build every package shares (STYLE §9): ESM + CJS + d.ts, neutral platform, no bundled deps. */
export const packageBuild: Options = {
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  tsconfig: 'tsconfig.build.json',
  clean: true,
  sourcemap: true,
}

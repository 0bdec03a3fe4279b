import { defineConfig } from 'tsup'
import { packageBuild } from '../../tsup.base.js'

// `./der` is the DER module @siegel/core shares (internal to Siegel, see src/der/index.ts).
export default defineConfig({
  ...packageBuild,
  entry: { index: 'src/index.ts', der: 'src/der/index.ts' },
})

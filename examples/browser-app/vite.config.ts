import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const source = (name: string): string =>
  fileURLToPath(new URL(`../../packages/${name}/src/index.ts`, import.meta.url))

// In this repository the example runs on the workspace sources; an application would install
// @siegel/core, @siegel/mime and @siegel/pki from the registry and need no alias.
export default defineConfig({
  resolve: {
    alias: {
      '@siegel/core': source('core'),
      '@siegel/mime': source('mime'),
      '@siegel/pki': source('pki'),
    },
  },
  server: { host: '127.0.0.1' },
  build: { target: 'es2022' },
})

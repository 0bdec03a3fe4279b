import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const source = (path: string): string =>
  fileURLToPath(new URL(`../../packages/${path}`, import.meta.url))

// In this repository the example runs on the workspace sources; an application would install
// @siegel/core, @siegel/mime and @siegel/pki from the registry and need no alias. Exact
// matches, so that `@siegel/pki/der` (which core imports) is not read as `@siegel/pki` + `/der`.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@siegel\/core$/, replacement: source('core/src/index.ts') },
      { find: /^@siegel\/mime$/, replacement: source('mime/src/index.ts') },
      { find: /^@siegel\/pki$/, replacement: source('pki/src/index.ts') },
      { find: /^@siegel\/pki\/der$/, replacement: source('pki/src/der/index.ts') },
    ],
  },
  server: { host: '127.0.0.1' },
  build: { target: 'es2022' },
  // The Siegel worker (src/siegel-worker.ts) is a module worker: it imports the packages.
  worker: { format: 'es' },
})

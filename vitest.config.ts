import { fileURLToPath } from 'node:url'
import { playwright } from '@vitest/browser-playwright'
import { defineConfig } from 'vitest/config'
import { ALONE_FILES } from './scripts/alone-tests.mjs'
import { chromiumPath } from './scripts/chromium-path.mjs'

const source = (name: string, entry = 'index.ts'): string =>
  fileURLToPath(new URL(`./packages/${name}/src/${entry}`, import.meta.url))

// Tests import the packages by name; they run against the TypeScript sources. The subpath comes
// first: an alias also matches the specifiers below it, and the first match wins.
export const alias = {
  '@siegel/pki/der': source('pki', 'der/index.ts'),
  '@siegel/mime': source('mime'),
  '@siegel/pki': source('pki'),
  '@siegel/core': source('core'),
}

const testFiles = ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts']
// SIEGEL_TEST_ALONE=later: the first of `pnpm test`'s two runs (scripts/alone-tests.mjs).
const later = process.env.SIEGEL_TEST_ALONE === 'later' ? ALONE_FILES : []
// Hundreds of MiB each, minutes and gigabytes: only in `pnpm test:large` (vitest.large.config.ts).
const largeFiles = '**/*.large.test.ts'

// Flags from the Debian Chromium set-up: no first-run UI, no background traffic
// (the network is closed), no sandbox (tests run as root in CI).
// Pre-bundled up front: discovering them during the first browser run reloads the page.
export const optimizeDeps = {
  include: [
    '@noble/ciphers/aes.js',
    '@noble/ciphers/chacha.js',
    '@noble/hashes/sha3.js',
    '@noble/post-quantum/_crystals.js',
    '@noble/post-quantum/ml-dsa.js',
    '@noble/post-quantum/slh-dsa.js',
    'postal-mime',
  ],
}

export const CHROMIUM_ARGS: string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Headless Chromium through Playwright, as both configurations run it. */
export const chromiumBrowser = {
  enabled: true,
  headless: true,
  screenshotFailures: false,
  provider: playwright({
    launchOptions: { executablePath: chromiumPath() ?? undefined, args: CHROMIUM_ARGS },
  }),
  instances: [{ browser: 'chromium' as const }],
}

export default defineConfig({
  resolve: { alias },
  // Third-party vectors and fuzz regression inputs are data: tests import them with `?inline`
  // (base64 data URLs), which reads their exact bytes the same way in Node and in Chromium.
  assetsInclude: ['**/test/vectors/**', '**/test/regressions/*.{eml,bin}'],
  optimizeDeps,
  test: {
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: testFiles,
          exclude: [largeFiles, '**/node_modules/**', ...later],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: testFiles,
          exclude: ['**/*.node.test.ts', largeFiles, '**/node_modules/**'],
          browser: chromiumBrowser,
        },
      },
    ],
  },
})

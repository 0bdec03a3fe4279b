// Each package README opens with one complete example (the block after its `<!-- runnable`
// marker). It runs as written, as an installed program runs it (against the built packages),
// and prints what the comments after its console.log calls say.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))
const readme = (pkg: string): string =>
  readFileSync(new URL(`../packages/${pkg}/README.md`, import.meta.url), 'utf8')

function runnableBlock(text: string): string {
  const marker = text.indexOf('<!-- runnable')
  const block = /```js\n([\s\S]*?)```/.exec(text.slice(marker))
  if (marker < 0 || !block) throw new Error('no runnable block')
  return block[1]!
}

describe('the package READMEs', () => {
  it.each(['mime', 'pki', 'core'])(
    '@siegel/%s: the example runs and prints what it says',
    (pkg) => {
      const built = existsSync(
        fileURLToPath(new URL(`../packages/${pkg}/dist/index.js`, import.meta.url)),
      )
      expect(built, 'run `pnpm run build` before these tests').toBe(true)
      const code = runnableBlock(readme(pkg))
      const promised = [...code.matchAll(/^console\.log\(.*\) \/\/ (.+)$/gm)].map((m) => m[1]!)
      expect(promised.length).toBeGreaterThan(0)
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
        cwd: here,
        encoding: 'utf8',
      })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      expect(run.stdout.trimEnd().split('\n')).toEqual(promised)
    },
  )
})

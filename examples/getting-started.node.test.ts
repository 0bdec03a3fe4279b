// The commands of "Try the scripts" in docs/getting-started.md, run as written from the checkout,
// print what the text around them says they print.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const guide = readFileSync(new URL('../docs/getting-started.md', import.meta.url), 'utf8')
const section = guide.split(/^## /m).find((s) => s.startsWith('Try the scripts')) ?? ''
const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!)
// The prose quotes the summaries the commands print, in backticks.
const promised = [...section.matchAll(/`((?:Signed by|Encrypted) [^`]+)`/g)].map((m) => m[1]!)

describe('Getting started: Try the scripts', () => {
  it('runs as written and prints the summaries the text promises', () => {
    expect(commands.length).toBe(2)
    expect(promised).toEqual([
      'Signed by me@example.org · NOT trusted (ERR_PKI_UNKNOWN_ISSUER)',
      'Encrypted (AES-256-CBC, NOT authenticated)',
    ])
    const run = spawnSync('bash', ['-e', '-c', commands.join('\n')], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(run.status, run.stderr).toBe(0)
    const summaries = run.stdout.split('\n').filter((l) => /^(Signed by|Encrypted) /.test(l))
    expect(summaries).toEqual(promised)
    // The untrusted signature is an exit status of its own, as the text says.
    expect(run.stdout).toContain('open.mjs: exit status 4')
  })
})

// Runs the `openssl` command for interop tests (Node only).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface OpensslResult {
  ok: boolean
  stdout: Buffer
  stderr: string
}

export function openssl(args: readonly string[], input?: Uint8Array): OpensslResult {
  const run = spawnSync('openssl', args, { input })
  if (run.error) throw run.error
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr.toString() }
}

/** A fresh temporary directory with helpers to write and read files in it. */
export function scratch(): {
  path: (name: string) => string
  write: (name: string, data: Uint8Array | string) => string
  read: (name: string) => Uint8Array
} {
  const dir = mkdtempSync(join(tmpdir(), 'siegel-'))
  const path = (name: string): string => join(dir, name)
  return {
    path,
    write: (name, data) => {
      writeFileSync(path(name), data)
      return path(name)
    },
    read: (name) => new Uint8Array(readFileSync(path(name))),
  }
}

// Decompresses CompressedData with Python's zlib through fixtures/compressed/make.py (Node only):
// a reader of RFC 3274 that shares no code with Siegel.
import { spawnSync } from 'node:child_process'

const script = new URL('./fixtures/compressed/make.py', import.meta.url).pathname

/** The decompressed content of a DER CompressedData ContentInfo. */
export function pythonInflate(der: Uint8Array): Uint8Array {
  const run = spawnSync('python3', [script, 'inflate'], { input: der })
  if (run.status !== 0) throw new Error(`make.py inflate failed: ${run.stderr.toString()}`)
  return new Uint8Array(run.stdout)
}

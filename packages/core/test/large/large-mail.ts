// Shared by the opt-in large-mail tests (`pnpm test:large`): a mail with one attachment of the
// given size, generated where the test runs (never committed), signed and encrypted with
// protectMessage, then opened with openMessage. Either it opens to the very bytes that were
// sent, with both layers valid, or it fails with a typed *_LIMIT_EXCEEDED error; anything else
// (a wrong verdict, an empty result, an untyped error) fails the test.
import { describe, expect, it } from 'vitest'
import { encodeBase64 } from '@siegel/mime'
import { Certificate } from '@siegel/pki'
import { loadIdentity, openMessage, protectMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { pseudoRandomBytes } from '../helpers.js'

export const MiB = 1024 * 1024

/** How a runtime's peak memory is read: reset before a run, read after it. */
export interface PeakMemory {
  reset(): Promise<void>
  /** Peak resident memory since the reset, in MiB (the growth over the reset, where known). */
  peakMiB(): Promise<number>
}

export interface LargeMailResult {
  attachmentMiB: number
  outcome: 'identical' | string
  protectMs: number
  openMs: number
  /** Peak memory during protectMessage (the attachment, its mail and the output included). */
  protectPeakMiB: number
  /** Peak memory during openMessage (the attachment and the protected mail included). */
  openPeakMiB: number
}

/** Byte equality, a word at a time (the matcher's diff is far too slow for this size). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  const whole = a.length & ~3
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const wa = new Uint32Array(a.buffer, a.byteOffset, whole >> 2)
    const wb = new Uint32Array(b.buffer, b.byteOffset, whole >> 2)
    for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return false
  } else {
    for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false
  }
  for (let i = whole; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const LIMIT_CODE = /^ERR_(SMIME|MIME|PKI)_LIMIT_EXCEEDED$/

/** Signs, encrypts and opens a mail with an attachment of `size` bytes; checks the outcome. */
export async function protectAndOpen(size: number, memory: PeakMemory): Promise<LargeMailResult> {
  const me = await loadIdentity({
    certificate: testPki.alice,
    privateKey: testPki.aliceKey,
    chain: [testPki.intermediate],
  })
  const trust = { trustAnchors: [Certificate.from(testPki.root)], intermediates: me.chain }
  const data = pseudoRandomBytes(size)
  const head = new TextEncoder().encode(
    'From: alice@example.org\r\nTo: alice@example.org\r\nSubject: large\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: application/octet-stream; name="data.bin"\r\n' +
      'Content-Transfer-Encoding: base64\r\n\r\n',
  )
  const result: LargeMailResult = {
    attachmentMiB: size / MiB,
    outcome: 'identical',
    protectMs: 0,
    openMs: 0,
    protectPeakMiB: 0,
    openPeakMiB: 0,
  }
  await memory.reset()
  try {
    let mail: Uint8Array | undefined = encodeBase64(data, { prefix: head })
    let start = performance.now()
    let sent: Uint8Array | undefined = await protectMessage(mail, {
      signWith: me,
      encryptFor: [me.certificate],
      ...trust,
    })
    result.protectMs = performance.now() - start
    result.protectPeakMiB = await memory.peakMiB()
    mail = undefined
    await memory.reset()
    start = performance.now()
    const opened = await openMessage(sent, { identities: [me], ...trust })
    result.openMs = performance.now() - start
    result.openPeakMiB = await memory.peakMiB()
    sent = undefined
    // Never a wrong verdict: both layers, the signature valid, the bytes those that were sent.
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    const signed = opened.layers[1]!
    expect(signed.kind === 'signed' && signed.verification.status).toBe('valid')
    expect(sameBytes(opened.message.content, data)).toBe(true)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (typeof code !== 'string' || !LIMIT_CODE.test(code)) throw error
    result.outcome = code
  }
  console.log(`large mail: ${JSON.stringify(result)}`)
  return result
}

/** The tests of one runtime: 300 and 600 MiB, each one or the other outcome. */
export function largeMailTests(runtime: string, memory: PeakMemory): void {
  describe(`large mail in ${runtime} (opt-in: pnpm test:large)`, () => {
    it.each([300, 600])(
      'protects and opens a %i MiB attachment byte for byte, or fails with a typed limit error',
      async (mib) => {
        const result = await protectAndOpen(mib * MiB, memory)
        expect(result.outcome).toMatch(/^identical$|_LIMIT_EXCEEDED$/)
      },
    )
  })
}

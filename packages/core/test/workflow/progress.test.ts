import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { Certificate, readPrivateKey } from '@siegel/pki'
import {
  decryptMessage,
  encryptMessage,
  loadIdentity,
  openMessage,
  protectMessage,
  signAndEncryptMessage,
  signMessage,
  verifyMessage,
  type SmimeProgress,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { pseudoRandomBytes, root, signer } from '../helpers.js'
import { Progress, YIELD_INTERVAL_MS } from '../../src/lib/progress.js'

const intermediate = Certificate.from(testPki.intermediate)
const aliceCert = Certificate.from(testPki.alice)
const trust = { trustAnchors: [root], intermediates: [intermediate] }
const signingTime = new Date('2026-11-27T09:00:00Z')
const alice = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
const aliceSigner = await signer('alice')
const aliceDecrypts = {
  certificate: testPki.alice,
  privateKey: await readPrivateKey(testPki.aliceKey),
}

/** A mail with a base64 attachment of `size` pseudo-random bytes (xorshift: fast, no limits). */
function bigMail(size: number): Uint8Array {
  const data = pseudoRandomBytes(size)
  const head = new TextEncoder().encode(
    'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\n' +
      'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n' +
      'Content-Type: text/plain\r\n\r\nSee attachment.\r\n--b\r\n' +
      'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n',
  )
  const tail = new TextEncoder().encode('--b--\r\n')
  const body = encodeBase64(data)
  const mail = new Uint8Array(head.length + body.length + tail.length)
  mail.set(head)
  mail.set(body, head.length)
  mail.set(tail, head.length + body.length)
  return mail
}

// Past the 3.6 MiB chunk size, so every phase that chunks reports in between.
const big = bigMail(6 * 1024 * 1024)

/** Records the reports, and checks each run of a phase: `done` never falls, ends at `total`. */
function recorder(): { events: SmimeProgress[]; onProgress: (p: SmimeProgress) => void } {
  const events: SmimeProgress[] = []
  return { events, onProgress: (p) => events.push(p) }
}

function expectWellFormed(events: readonly SmimeProgress[]): void {
  expect(events.length).toBeGreaterThan(0)
  let run: SmimeProgress[] = []
  const check = (): void => {
    if (run.length === 0) return
    for (let i = 1; i < run.length; i++) {
      expect(run[i]!.done).toBeGreaterThanOrEqual(run[i - 1]!.done)
      expect(run[i]!.total).toBe(run[0]!.total)
    }
    expect(run[0]!.done).toBe(0)
    expect(run[run.length - 1]!.done).toBe(run[0]!.total)
  }
  for (const event of events) {
    const last = run[run.length - 1]
    if (last && (last.phase !== event.phase || (event.done === 0 && last.done === last.total))) {
      check()
      run = []
    }
    run.push(event)
  }
  check()
}

/** Byte equality without the matcher's element-by-element diff, which is slow for megabytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

const phases = (events: readonly SmimeProgress[]): string[] => [
  ...new Set(events.map((e) => e.phase)),
]

/** Every public operation with progress options, on inputs it accepts. */
async function operations(): Promise<
  Record<
    string,
    (options: { signal?: AbortSignal; onProgress?: (p: SmimeProgress) => void }) => Promise<unknown>
  >
> {
  const signed = await signMessage(big, aliceSigner, { form: 'opaque', signingTime })
  const encrypted = await encryptMessage(signed, [aliceCert], trust)
  return {
    signMessage: (o) => signMessage(big, aliceSigner, { form: 'opaque', signingTime, ...o }),
    encryptMessage: (o) => encryptMessage(big, [aliceCert], { ...trust, ...o }),
    protectMessage: (o) =>
      protectMessage(big, {
        signWith: alice,
        encryptFor: [Certificate.from(testPki.bob)],
        ...trust,
        ...o,
      }),
    signAndEncryptMessage: (o) =>
      signAndEncryptMessage(big, aliceSigner, [aliceCert], { ...trust, tripleWrap: true, ...o }),
    decryptMessage: (o) => decryptMessage(encrypted, aliceDecrypts, o),
    verifyMessage: (o) => verifyMessage(signed, { trustAnchors: [root], ...o }),
    openMessage: (o) => openMessage(encrypted, { identities: [alice], trustAnchors: [root], ...o }),
  }
}

const ops = await operations()
const names = Object.keys(ops)

describe('signal and onProgress', () => {
  it.each(names)(
    '%s rejects an aborted signal with ERR_SMIME_ABORTED before any work',
    async (name) => {
      const controller = new AbortController()
      controller.abort(new Error('user cancelled'))
      const { events, onProgress } = recorder()
      await expect(ops[name]!({ signal: controller.signal, onProgress })).rejects.toMatchObject({
        code: 'ERR_SMIME_ABORTED',
      })
      expect(events).toEqual([])
    },
  )

  it.each(names)(
    '%s stops with ERR_SMIME_ABORTED within a second of an abort mid-way',
    async (name) => {
      const controller = new AbortController()
      let abortedAt = 0
      const onProgress = (p: SmimeProgress): void => {
        // Abort once some phase is under way, from a timer, as a Cancel button would.
        if (abortedAt === 0 && p.done > 0)
          setTimeout(() => {
            abortedAt = performance.now()
            controller.abort()
          }, 0)
      }
      await expect(ops[name]!({ signal: controller.signal, onProgress })).rejects.toMatchObject({
        code: 'ERR_SMIME_ABORTED',
      })
      expect(abortedAt).toBeGreaterThan(0)
      expect(performance.now() - abortedAt).toBeLessThan(1000)
    },
  )

  it.each(names)('%s reports every phase from 0 up to its total', async (name) => {
    const { events, onProgress } = recorder()
    await ops[name]!({ onProgress })
    expectWellFormed(events)
  })

  it('names the phases of signing, encryption and opening', async () => {
    const sign = recorder()
    await ops.signMessage!(sign)
    expect(phases(sign.events)).toEqual(['canonicalize', 'digest', 'encode'])
    // The attachment is over one chunk: the encoding reports in between.
    expect(sign.events.filter((e) => e.phase === 'encode').length).toBeGreaterThan(2)
    const encrypt = recorder()
    await ops.encryptMessage!(encrypt)
    // The envelope is base64-encoded as it is encrypted, chunk by chunk: one phase for both.
    expect(phases(encrypt.events)).toEqual(['canonicalize', 'encrypt'])
    expect(encrypt.events.filter((e) => e.phase === 'encrypt').length).toBeGreaterThan(2)
    const open = recorder()
    await ops.openMessage!(open)
    expect(phases(open.events)).toEqual(['parse', 'decode', 'decrypt', 'digest'])
  })

  it('signs the same bytes with and without the callbacks', async () => {
    const plain = await signMessage(big, aliceSigner, { form: 'opaque', signingTime })
    const watched = await signMessage(big, aliceSigner, {
      form: 'opaque',
      signingTime,
      signal: new AbortController().signal,
      onProgress: () => {},
    })
    expect(sameBytes(watched, plain)).toBe(true)
    // The chunked base64 equals one encodeBase64 over the whole SignedData.
    const text = new TextDecoder().decode(plain)
    const bodyStart = text.indexOf('\r\n\r\n', text.indexOf('smime.p7m')) + 4
    const body = plain.subarray(bodyStart)
    expect(sameBytes(encodeBase64(decodeBase64(body).bytes), body)).toBe(true)
  })

  it('decrypts and opens to the same bytes with and without the callbacks', async () => {
    const encrypted = await encryptMessage(big, [aliceCert], { ...trust, onProgress: () => {} })
    const plain = await decryptMessage(encrypted, aliceDecrypts)
    const watched = await decryptMessage(encrypted, aliceDecrypts, {
      signal: new AbortController().signal,
      onProgress: () => {},
    })
    expect(sameBytes(watched.content, plain.content)).toBe(true)
    const opened = await openMessage(encrypted, { identities: [alice], onProgress: () => {} })
    expect(sameBytes(opened.message.raw, plain.entity.raw)).toBe(true)
  })

  it('decodes a body folded at odd line lengths as one decoder call would', async () => {
    const encrypted = await encryptMessage(big, [aliceCert], trust)
    const text = new TextDecoder().decode(encrypted)
    const split = text.indexOf('\r\n\r\n') + 4
    // 75 and 77 characters a line: chunk ends fall inside 4-character groups, and the
    // chunked decoder must notice and fall back to one call.
    const base64 = text.slice(split).replace(/\s+/g, '')
    for (const width of [75, 77]) {
      const folded = base64.replace(new RegExp(`.{${width}}`, 'g'), '$&\r\n')
      const refolded = new TextEncoder().encode(text.slice(0, split) + folded + '\r\n')
      const { events, onProgress } = recorder()
      const result = await decryptMessage(refolded, aliceDecrypts, { onProgress })
      expect(
        sameBytes(result.content, (await decryptMessage(encrypted, aliceDecrypts)).content),
      ).toBe(true)
      expectWellFormed(events)
    }
  })

  it('canonicalises bare LF line ends found in any chunk of a large body', async () => {
    // LF endings from the middle on only: the first chunks are clean, a later one is not.
    const half = big.length >> 1
    const tail = new TextDecoder().decode(big.subarray(half)).replace(/\r\n/g, '\n')
    const mixed = new Uint8Array([...big.subarray(0, half), ...new TextEncoder().encode(tail)])
    const signed = await signMessage(mixed, aliceSigner, { form: 'opaque', signingTime })
    const result = await verifyMessage(signed, { trustAnchors: [root] })
    expect(result.status).toBe('valid')
    const content = result.coverage.signedPart.raw
    // The same entity as signing the all-CRLF message gives.
    const reference = await verifyMessage(await signMessage(big, aliceSigner, { form: 'opaque' }), {
      trustAnchors: [root],
    })
    expect(sameBytes(content, reference.coverage.signedPart.raw)).toBe(true)
  })

  it('rejects a signal that is not an AbortSignal, and an onProgress that is no function', async () => {
    await expect(
      verifyMessage(big, { signal: 'stop' as unknown as AbortSignal }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
    await expect(
      signMessage(big, aliceSigner, { onProgress: 1 as unknown as () => void }),
    ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
  })
})

describe('yielding to the event loop', () => {
  // A timer turn costs about a millisecond in Node: a small message must not pay one per phase.
  it('takes no timer turn for quick work, and one once work has run for YIELD_INTERVAL_MS', async () => {
    const progress = new Progress(undefined)
    let timerRan = false
    setTimeout(() => (timerRan = true), 0)
    await progress.step('digest', 0, 2)
    expect(timerRan).toBe(false)
    const until = performance.now() + YIELD_INTERVAL_MS
    while (performance.now() < until); // work without a break
    await progress.step('digest', 1, 2)
    expect(timerRan).toBe(true)
  })

  it('verifies a small message without scheduling a timer', async () => {
    const small = new TextEncoder().encode(
      'From: alice@example.org\r\nTo: bob@example.org\r\nSubject: small\r\n\r\nHallo.\r\n',
    )
    const signed = await signMessage(small, aliceSigner)
    const original = globalThis.setTimeout
    let timers = 0
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      timers++
      return original(...args)
    }) as typeof setTimeout
    try {
      const result = await verifyMessage(signed, trust)
      expect(result.signers).toHaveLength(1)
    } finally {
      globalThis.setTimeout = original
    }
    expect(timers).toBe(0)
  })
})

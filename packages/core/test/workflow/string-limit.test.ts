// Issue: past V8's string limit, Chromium's TextDecoder answers '' without an error, and a
// signed and encrypted mail once opened as "not signed, not encrypted". The limit is lowered
// here and the runtime made to answer as Chromium does, so a mail of a few MiB is past it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeBase64 } from '@siegel/mime'
import { Certificate } from '@siegel/pki'
import { loadIdentity, openMessage, protectMessage } from '@siegel/core'
import { lowerStringLimit, restoreStringLimit } from '../../../mime/test/helpers/string-limit.js'
import { testPki } from '../fixtures/test-pki.js'
import { pseudoRandomBytes, root } from '../helpers.js'

const LIMIT = 256 * 1024

beforeEach(() => lowerStringLimit(LIMIT))
afterEach(restoreStringLimit)

describe('a mail past the string limit', () => {
  it('opens signed and encrypted, to the bytes sent, never as an unprotected mail', async () => {
    const me = await loadIdentity({
      certificate: testPki.alice,
      privateKey: testPki.aliceKey,
      chain: [testPki.intermediate],
    })
    const trust = { trustAnchors: [root], intermediates: [Certificate.from(testPki.intermediate)] }
    // 3 MiB: its base64 and the protected mail's are many times the lowered limit.
    const data = pseudoRandomBytes(3 * 1024 * 1024)
    const head = new TextEncoder().encode(
      'From: alice@example.org\r\nTo: alice@example.org\r\nSubject: big\r\nMIME-Version: 1.0\r\n' +
        'Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n',
    )
    const sent = await protectMessage(encodeBase64(data, { prefix: head }), {
      signWith: me,
      encryptFor: [me.certificate],
      ...trust,
    })
    expect(sent.length).toBeGreaterThan(16 * LIMIT)
    const opened = await openMessage(sent, { identities: [me], ...trust })
    expect(opened.layers.map((l) => l.kind)).toEqual(['encrypted', 'signed'])
    const signed = opened.layers[1]!
    expect(signed.kind === 'signed' && signed.verification.status).toBe('valid')
    const content = opened.message.content
    expect(content.length).toBe(data.length)
    let same = true
    for (let i = 0; same && i < data.length; i++) same = content[i] === data[i]
    expect(same).toBe(true)
  })
})

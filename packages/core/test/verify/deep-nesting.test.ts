// Regression: 20,000 nested constructed OCTET STRINGs (80 KB) used to make the CMS reader
// recurse without a limit, so that verification and decryption ended in a RangeError (stack
// overflow). The DER module's depth budget now ends them in ERR_SMIME_MALFORMED_CMS.
import { beforeAll, describe, expect, it } from 'vitest'
import { encodeBase64 } from '@siegel/mime'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { childrenOf, oid, readRoot, TAG, tlv, type DerContext } from '@siegel/pki/der'
import {
  decryptData,
  decryptMessage,
  encryptMessage,
  SmimeError,
  verifyData,
  verifyMessage,
} from '@siegel/core'
import { nestedOctetStrings } from '../../../pki/test/der/trees.js'
import { testPki } from '../fixtures/test-pki.js'
import { dec, enc, root } from '../helpers.js'

const LEVELS = 20_000
// The input is read in a few milliseconds; a second leaves room for a busy machine.
const WITHIN_MS = 1000
const BER: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'test' }
const ID_DATA = oid('1.2.840.113549.1.7.1')
const ID_SIGNED_DATA = oid('1.2.840.113549.1.7.2')

/** `[0] IMPLICIT` or `[0] EXPLICIT` content: LEVELS OCTET STRINGs, one in the other. */
const deepContent = (): Uint8Array => nestedOctetStrings(LEVELS, Uint8Array.of(0x04, 0x01, 0x2a))

/** An attached SignedData without signers around `eContent` (RFC 5652 §5.1, §5.2). */
function signedDataAround(eContent: Uint8Array): Uint8Array {
  const encap = tlv(TAG.sequence, ID_DATA, tlv(TAG.context0, eContent))
  const signedData = tlv(
    TAG.sequence,
    Uint8Array.of(0x02, 0x01, 0x01),
    tlv(TAG.set),
    encap,
    tlv(TAG.set),
  )
  return tlv(TAG.sequence, ID_SIGNED_DATA, tlv(TAG.context0, signedData))
}

/** A real EnvelopedData for bob whose encryptedContent [0] is replaced by the deep nesting. */
async function deepEnvelopedData(): Promise<Uint8Array> {
  const eml = dec(
    await encryptMessage('Subject: s\r\n\r\nx\r\n', [Certificate.from(testPki.bob)], {
      contentEncryption: 'AES-256-CBC',
      allowUntrusted: true,
    }),
  )
  const base64 = eml.slice(eml.indexOf('\r\n\r\n') + 4).replace(/\s+/g, '')
  const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const slice = (node: { start: number; end: number }): Uint8Array =>
    der.subarray(node.start, node.end)
  const [type, wrapper] = childrenOf(der, readRoot(der, BER), BER)
  const [envelopedData] = childrenOf(der, wrapper!, BER)
  const [version, recipients, eci] = childrenOf(der, envelopedData!, BER)
  const [contentType, algorithm] = childrenOf(der, eci!, BER)
  // [0] IMPLICIT OCTET STRING in its constructed form: 0xa0, then the pieces.
  const content = tlv(0xa0, deepContent())
  const newEci = tlv(TAG.sequence, slice(contentType!), slice(algorithm!), content)
  const fields = tlv(TAG.sequence, slice(version!), slice(recipients!), newEci)
  return tlv(TAG.sequence, slice(type!), tlv(TAG.context0, fields))
}

function mime(der: Uint8Array, smimeType: string): string {
  return (
    `From: a@example.org\r\nContent-Type: application/pkcs7-mime; smime-type=${smimeType}; name=smime.p7m\r\n` +
    `Content-Transfer-Encoding: base64\r\n\r\n${dec(encodeBase64(der))}\r\n`
  )
}

async function rejectsFast(run: () => Promise<unknown>): Promise<void> {
  const started = performance.now()
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  const elapsed = performance.now() - started
  expect(error).toBeInstanceOf(SmimeError)
  expect(error).toMatchObject({
    code: 'ERR_SMIME_MALFORMED_CMS',
    cause: { code: 'ERR_PKI_DER_TOO_DEEP' },
  })
  expect(elapsed).toBeLessThan(WITHIN_MS)
}

describe('20,000 nested OCTET STRINGs', () => {
  let signed: Uint8Array
  let enveloped: Uint8Array
  beforeAll(async () => {
    signed = signedDataAround(deepContent())
    enveloped = await deepEnvelopedData()
    expect(signed.length).toBeGreaterThan(80_000)
  })

  it('verifyData answers with ERR_SMIME_MALFORMED_CMS within a second', async () => {
    await rejectsFast(() => verifyData(signed, { trustAnchors: [root] }))
  })

  it('verifyMessage answers with ERR_SMIME_MALFORMED_CMS within a second', async () => {
    await rejectsFast(() => verifyMessage(mime(signed, 'signed-data'), { trustAnchors: [root] }))
  })

  it('decryptData and decryptMessage answer with ERR_SMIME_MALFORMED_CMS within a second', async () => {
    const bob = { certificate: testPki.bob, privateKey: await readPrivateKey(testPki.bobKey) }
    await rejectsFast(() => decryptData(enveloped, bob))
    await rejectsFast(() => decryptMessage(mime(enveloped, 'enveloped-data'), bob))
  })

  it('still reads content nested a few levels, as BER senders write it', async () => {
    const content = tlv(
      0x24,
      tlv(0x24, tlv(TAG.octetString, enc('hello '))),
      tlv(TAG.octetString, enc('world')),
    )
    const der = signedDataAround(content)
    const result = await verifyData(der, { trustAnchors: [root] })
    expect(dec(result.content!)).toBe('hello world')
    expect(result.problems).toMatchObject([{ code: 'ERR_SMIME_NO_SIGNERS' }])
  })
})

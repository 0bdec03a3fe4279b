// Several RSA v1.5 entries for the same certificate, the wrong one first. Implicit rejection
// (RFC 3218 §2.3) turns the wrong entry into a random content key, and about one random key in
// 256 passes the CBC padding check: such a "decryption" must never be returned as the content,
// and the right entry must still be found.
import { describe, expect, it } from 'vitest'
import { decodeBase64, encodeBase64 } from '@siegel/mime'
import { Certificate, encryptRsaPkcs1v15, readPrivateKey } from '@siegel/pki'
import {
  decryptData,
  decryptMessage,
  encryptMessage,
  SmimeError,
  SmimeUnsupportedAlgorithmError,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { encryptedKeyOffsets, paddingPassingKey } from './wrong-entries.js'

const message = 'Subject: x\r\nContent-Type: text/plain\r\n\r\nattack at dawn\r\n'
const alice = Certificate.from(testPki.alice)
const identity = async () => ({
  certificate: alice,
  privateKey: await readPrivateKey(testPki.aliceKey),
})

interface Envelope {
  head: string
  der: Uint8Array
  /** Offsets of the 256-byte encryptedKey values (OCTET STRING 04 82 01 00). */
  keys: number[]
}

// DER (X.690 §8.1) just enough to copy an entry: a TLV's header length and total length.
function tlv(der: Uint8Array, at: number): { header: number; end: number } {
  const first = der[at + 1]!
  if (first < 0x80) return { header: 2, end: at + 2 + first }
  let length = 0
  for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + der[at + 2 + i]!
  return { header: 2 + (first & 0x7f), end: at + 2 + (first & 0x7f) + length }
}

function wrap(tag: number, content: Uint8Array): Uint8Array {
  const n = content.length
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff]
  return new Uint8Array([tag, ...length, ...content])
}

/**
 * The ContentInfo with its first RecipientInfo written `copies` times (RFC 5652 §6.1:
 * ContentInfo { OID, [0] EnvelopedData { version, RecipientInfos SET, ... } }).
 */
function repeatRecipient(der: Uint8Array, copies: number): Uint8Array {
  const outer = tlv(der, 0)
  const oid = tlv(der, outer.header)
  const explicit = tlv(der, oid.end)
  const enveloped = tlv(der, oid.end + explicit.header)
  const version = tlv(der, oid.end + explicit.header + enveloped.header)
  const set = tlv(der, version.end)
  expect(der[version.end]).toBe(0x31) // no originatorInfo from our writer
  const entry = der.subarray(version.end + set.header, tlv(der, version.end + set.header).end)
  const entries = new Uint8Array(entry.length * copies)
  for (let i = 0; i < copies; i++) entries.set(entry, i * entry.length)
  const body = new Uint8Array([
    ...der.subarray(oid.end + explicit.header + enveloped.header, version.end),
    ...wrap(0x31, entries),
    ...der.subarray(set.end, enveloped.end),
  ])
  return wrap(
    0x30,
    new Uint8Array([...der.subarray(outer.header, oid.end), ...wrap(0xa0, wrap(0x30, body))]),
  )
}

/** A CBC message from Siegel's writer to alice, with `entries` RSA v1.5 entries for her key. */
async function envelope(entries: number): Promise<Envelope> {
  const eml = await encryptMessage(message, [alice], {
    rsaPadding: 'pkcs1',
    allowUntrusted: true,
    contentEncryption: 'AES-256-CBC',
  })
  const text = typeof eml === 'string' ? eml : new TextDecoder().decode(eml)
  const split = text.indexOf('\r\n\r\n') + 4
  const der = repeatRecipient(
    decodeBase64(new TextEncoder().encode(text.slice(split))).bytes,
    entries,
  )
  const keys = encryptedKeyOffsets(der)
  expect(keys).toHaveLength(entries)
  return { head: text.slice(0, split), der, keys }
}

/** The envelope as a message, with the encryptedKey of entry `i` replaced for each pair. */
function replaced(env: Envelope, ...entries: [number, Uint8Array][]): Uint8Array {
  const der = env.der.slice()
  for (const [i, key] of entries) der.set(key, env.keys[i]!)
  return new Uint8Array([...new TextEncoder().encode(env.head), ...encodeBase64(der)])
}

/** The one error of every failed decryption: same code, same message, no cause (no oracle). */
async function failure(opening: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = (await opening.then(
    () => undefined,
    (e: unknown) => e,
  )) as SmimeError | undefined
  expect(error).toBeInstanceOf(SmimeError)
  expect(error).toMatchObject({ code: 'ERR_SMIME_DECRYPTION_FAILED' })
  expect(error!.cause).toBeUndefined()
  return { code: error!.code, message: error!.message }
}

describe('several RSA v1.5 entries for the same key', () => {
  it('opens the right entry although a wrong one before it passes the CBC padding check', async () => {
    const me = await identity()
    for (let trial = 0; trial < 8; trial++) {
      const env = await envelope(2)
      const wrong = await encryptRsaPkcs1v15(alice, await paddingPassingKey(env.der))
      const expected = (await decryptData(env.der, me)).content
      const opened = await decryptMessage(replaced(env, [0, wrong]), me)
      expect(opened.content).toEqual(expected)
      // decryptData, which knows no expected type, prefers the content that is a MIME entity.
      const der = env.der.slice()
      der.set(wrong, env.keys[0]!)
      expect((await decryptData(der, me)).content).toEqual(expected)
    }
  })

  it('never returns the garbage of a padding-passing wrong key from decryptMessage', async () => {
    const me = await identity()
    const env = await envelope(1)
    const wrong = await encryptRsaPkcs1v15(alice, await paddingPassingKey(env.der))
    // The wrong key does decrypt to bytes with a valid padding: decryptData, which cannot know
    // what the content should look like, returns them; decryptMessage refuses them.
    const der = env.der.slice()
    der.set(wrong, env.keys[0]!)
    const garbage = await decryptData(der, me)
    expect(garbage.content).not.toEqual((await decryptData(env.der, me)).content)
    await failure(decryptMessage(replaced(env, [0, wrong]), me))
  })

  it('refuses two entries that decrypt to equally plausible contents, with the usual error', async () => {
    const me = await identity()
    const env = await envelope(2)
    const first = await encryptRsaPkcs1v15(alice, await paddingPassingKey(env.der))
    const second = await encryptRsaPkcs1v15(alice, await paddingPassingKey(env.der))
    const der = env.der.slice()
    der.set(first, env.keys[0]!)
    der.set(second, env.keys[1]!)
    // The same error as for a wrong key: a third random entry key gives it too.
    const wrongKey = await failure(decryptMessage(replaced(env, [0, first], [1, first]), me))
    expect(await failure(decryptData(der, me))).toEqual(wrongKey)
    expect(await failure(decryptMessage(replaced(env, [0, first], [1, second]), me))).toEqual(
      wrongKey,
    )
  })

  // One random wrong entry in 256 or so passes the padding check: 640 tries see it a few times.
  it('opens correctly every time with a random wrong entry first (640 tries)', async () => {
    const me = await identity()
    const env = await envelope(2)
    const expected = (await decryptData(env.der, me)).content
    for (let trial = 0; trial < 640; trial++) {
      const wrong = crypto.getRandomValues(new Uint8Array(256))
      wrong[0] = 0 // below the modulus
      const opened = await decryptMessage(replaced(env, [0, wrong]), me)
      expect(opened.content).toEqual(expected)
    }
  }, 120_000)
})

describe('errors from the key layer', () => {
  it('reports an encryptedKey not below the modulus as a failed decryption (SmimeError)', async () => {
    const env = await envelope(1)
    await failure(
      decryptMessage(replaced(env, [0, new Uint8Array(256).fill(0xff)]), await identity()),
    )
  })

  it('reports a key that cannot do RSA v1.5 as ERR_SMIME_UNSUPPORTED_ALGORITHM, with the cause', async () => {
    const env = await envelope(1)
    const ecKey = await readPrivateKey(testPki.bobKey)
    const error = await decryptMessage(replaced(env), {
      certificate: alice,
      privateKey: ecKey,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeUnsupportedAlgorithmError)
    expect(error).toMatchObject({ code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM' })
    expect((error as Error).cause).toMatchObject({ code: 'ERR_PKI_UNSUPPORTED_ALGORITHM' })
  })
})

// KEMRecipientInfo (RFC 9629 §3) as written and read: DER round trips over random fields, and
// the EnvelopedData version rule of RFC 5652 §6.1 for an ori.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { resolveCmsLimits } from '../../src/cms/limits.js'
import { concatBytes } from '../../src/lib/bytes.js'
import { childrenOf, readRoot } from '../../src/lib/der.js'
import { decodeEnvelope } from '../../src/lib/enveloped-data.js'
import { encodeEnvelopeFrame, type RecipientInfoSpec } from '../../src/lib/enveloped-data-writer.js'

type KemSpec = Extract<RecipientInfoSpec, { type: 'kem' }>

const oidArc = fc.integer({ min: 1, max: 100_000 })
const kemSpec = fc.record({
  rid: fc.oneof(
    fc.record({
      kind: fc.constant('subjectKeyIdentifier' as const),
      keyIdentifier: fc.uint8Array({ minLength: 1, maxLength: 40 }),
    }),
    fc.record({
      kind: fc.constant('issuerAndSerialNumber' as const),
      // Name ::= SEQUENCE OF …: an empty name is enough for the round trip.
      issuerDer: fc.constant(Uint8Array.of(0x30, 0x00)),
      serialNumber: fc
        .uint8Array({ minLength: 1, maxLength: 20 })
        .map((b) => Uint8Array.of(b[0]! & 0x7f || 1, ...b.subarray(1))),
    }),
  ),
  kemArc: oidArc,
  kemCiphertext: fc.uint8Array({ minLength: 0, maxLength: 2000 }),
  kdfArc: oidArc,
  kekLength: fc.integer({ min: 1, max: 65535 }),
  encryptedKey: fc.uint8Array({ minLength: 0, maxLength: 64 }),
})

describe('KEMRecipientInfo DER', () => {
  it('reads back every field it writes, and makes EnvelopedData version 3', () => {
    fc.assert(
      fc.property(fc.array(kemSpec, { minLength: 1, maxLength: 4 }), (specs) => {
        const recipients: KemSpec[] = specs.map((s) => ({
          type: 'kem' as const,
          rid: s.rid,
          kem: { oid: `2.16.840.1.101.3.4.4.${s.kemArc}` },
          kemCiphertext: s.kemCiphertext,
          kdf: { oid: `1.2.840.113549.1.9.16.3.${s.kdfArc}` },
          kekLength: s.kekLength,
          keyEncryptionAlgorithm: { oid: '2.16.840.1.101.3.4.1.45' },
          encryptedKey: s.encryptedKey,
        }))
        // The frame, then its 16 bytes of ciphertext (EnvelopedData: nothing follows them).
        const { frame } = encodeEnvelopeFrame({
          recipients,
          contentEncryptionAlgorithm: { oid: '2.16.840.1.101.3.4.1.42' },
          contentLength: 16,
        })
        const der = concatBytes([frame, new Uint8Array(16)])
        const decoded = decodeEnvelope(der, resolveCmsLimits({}))
        // RFC 5652 §6.1: version 3 as soon as an ori is present.
        const fields = childrenOf(der, childrenOf(der, childrenOf(der, readRoot(der))[1]!)[0]!)
        expect(der[fields[0]!.contentStart]).toBe(3)
        // SET OF is written in DER order: compare as sets of their kem ciphertexts.
        const key = (r: { kemCiphertext: Uint8Array; kekLength: number }): string =>
          `${Array.from(r.kemCiphertext).join(',')}/${r.kekLength}`
        const read = decoded.recipients.map((r) => {
          if (r.type !== 'kem') throw new Error(`expected a KEMRecipientInfo, got ${r.type}`)
          return r
        })
        expect(read.map(key).sort()).toEqual(recipients.map(key).sort())
        for (const r of read) {
          const spec = recipients.find((s) => key(s) === key(r))!
          expect(r.kem).toEqual(spec.kem)
          expect(r.kdf).toEqual(spec.kdf)
          expect(r.ukm).toBeUndefined()
          expect(Array.from(r.encryptedKey)).toEqual(Array.from(spec.encryptedKey))
          expect(r.rid.kind).toBe(spec.rid.kind)
        }
      }),
      { numRuns: 200 },
    )
  })
})

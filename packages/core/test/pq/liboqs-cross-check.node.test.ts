// Siegel's ML-DSA and SLH-DSA SignedData checked by a second implementation: liboqs (Open
// Quantum Safe, C reference code compiled to WebAssembly, @oqs/liboqs-js), which shares no
// code with @noble/post-quantum. It verifies each SignerInfo's signature over the DER of the
// signed attributes (RFC 5652 §5.4) with the public key of the signer's certificate, and
// verifies a signature made with the RFC 9881 example seed key against the published key.
import { describe, expect, it } from 'vitest'
import * as oqs from '@oqs/liboqs-js'
import { Certificate, decodePem, readPrivateKey } from '@siegel/pki'
import { DerReader } from '@siegel/pki/der'
import { signData } from '@siegel/core'
import { rfc9882, rfc9881Seed44 } from '../fixtures/pq.js'
import { pqAlice } from './pq-pki.js'

const reader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'test')
const content = new TextEncoder().encode('cross-checked\r\n')

interface Verifier {
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean
  destroy(): void
}
const LIBOQS: Record<string, () => Promise<Verifier>> = {
  'ML-DSA-44': oqs.createMLDSA44,
  'ML-DSA-65': oqs.createMLDSA65,
  'ML-DSA-87': oqs.createMLDSA87,
  'SLH-DSA-SHA2-128s': oqs.createSlhDsaSha2128s,
  'SLH-DSA-SHA2-128f': oqs.createSlhDsaSha2128f,
}

/** The signed attributes as signed (SET OF, RFC 5652 §5.4) and the signature of SignerInfo 0. */
function firstSigner(der: Uint8Array): { signed: Uint8Array; signature: Uint8Array } {
  const [, wrapper] = reader.sequence(reader.one(der), 'ContentInfo')
  const fields = reader.sequence(reader.children(wrapper!)[0], 'SignedData')
  const info = reader.sequence(reader.children(fields[fields.length - 1]!)[0], 'SignerInfo')
  const signed = info[3]!.raw.slice()
  signed[0] = 0x31
  return { signed, signature: info[5]!.content }
}

function rawPublicKey(certificate: Certificate): Uint8Array {
  return reader.sequence(reader.one(certificate.publicKey.spki), 'spki')[1]!.content.subarray(1)
}

describe('liboqs verifies what Siegel signs', () => {
  it.each(Object.keys(LIBOQS))(
    '%s SignedData',
    async (algorithm) => {
      const alice = await pqAlice(algorithm as 'ML-DSA-44')
      const cms = await signData(content, alice, { detached: false })
      const { signed, signature } = firstSigner(cms)
      const verifier = await LIBOQS[algorithm]!()
      try {
        expect(verifier.verify(signed, signature, rawPublicKey(alice.certificate))).toBe(true)
        const changed = signed.slice()
        changed[changed.length - 1]! ^= 1
        expect(verifier.verify(changed, signature, rawPublicKey(alice.certificate))).toBe(false)
      } finally {
        verifier.destroy()
      }
    },
    60_000,
  )

  it('verifies a signature of the RFC 9881 ML-DSA-44 seed key with the published public key', async () => {
    const key = await readPrivateKey(rfc9881Seed44)
    const certificate = Certificate.from(rfc9882[0].certificate)
    const cms = await signData(content, { certificate, privateKey: key }, { detached: false })
    const { signed, signature } = firstSigner(cms)
    const verifier = await oqs.createMLDSA44()
    try {
      expect(verifier.verify(signed, signature, rawPublicKey(certificate))).toBe(true)
    } finally {
      verifier.destroy()
    }
  })

  it('also verifies the RFC 9882 Appendix B examples (the two agree on the vectors)', async () => {
    for (const example of rfc9882) {
      const { signed, signature } = firstSigner(decodePem(example.cms)[0]!.der)
      const verifier = await LIBOQS[example.name]!()
      try {
        expect(
          verifier.verify(signed, signature, rawPublicKey(Certificate.from(example.certificate))),
        ).toBe(true)
      } finally {
        verifier.destroy()
      }
    }
  })
})

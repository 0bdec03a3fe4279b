// Round trips of the SLH-DSA sets that sign slowly in pure JavaScript (the SHA2 "s" sets: about
// 3 s each in Node, three times that on a busy machine). Node only, to spare the browser run.
// The SHAKE "s" sets are left out: 10-12 s per signature idle, over 60 s on a loaded machine;
// pq-signatures.test.ts checks that each of them loads and rejects a wrong signature.
import { describe, expect, it } from 'vitest'
import {
  createSignature,
  generateKeyPair,
  verifySignature,
  type KeyPairAlgorithm,
} from '@siegel/pki'

const slow: KeyPairAlgorithm[] = [
  'SLH-DSA-SHA2-128s',
  'SLH-DSA-SHA2-192s',
  'SLH-DSA-SHA2-256s',
  'SLH-DSA-SHAKE-128f',
  'SLH-DSA-SHAKE-192f',
  'SLH-DSA-SHAKE-256f',
]
const data = new TextEncoder().encode('a TBSCertificate')

describe('SLH-DSA round trips of the slow parameter sets', () => {
  it.each(slow)(
    'round-trips a %s signature',
    async (algorithm) => {
      const { privateKey, publicKeyInfo } = await generateKeyPair({ algorithm })
      const created = await createSignature(privateKey, data)
      const check = await verifySignature(publicKeyInfo, data, created.signature, created.algorithm)
      expect(check.valid).toBe(true)
      const forged = created.signature.slice()
      forged[100]! ^= 1
      expect(await verifySignature(publicKeyInfo, data, forged, created.algorithm)).toMatchObject({
        valid: false,
        code: 'ERR_PKI_BAD_SIGNATURE',
      })
    },
    60_000,
  )
})

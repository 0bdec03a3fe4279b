import { PkiError } from '../errors.js'
import { DerReader, der } from '../lib/der.js'
import { digestFromOid, OID, type DigestName } from './oids.js'

const MGF1 = '1.2.840.113549.1.1.8'
const reader = new DerReader('ERR_PKI_UNSUPPORTED_ALGORITHM', 'RSASSA-PSS parameters')

/** RSASSA-PSS parameters as WebCrypto can use them: one digest for hash and MGF1, a salt length. */
export interface PssParameters {
  hash: DigestName
  saltLength: number
}

/**
 * RSASSA-PSS-params (RFC 4055 §3.1): hashAlgorithm [0] (default SHA-1), maskGenAlgorithm [1]
 * (default MGF1 with SHA-1), saltLength [2] (default 20), trailerField [3] (must be 1).
 * WebCrypto's RSA-PSS uses MGF1 over the message digest, so other combinations are refused.
 *
 * @throws PkiError `ERR_PKI_UNSUPPORTED_ALGORITHM` for parameters WebCrypto cannot verify
 */
export function readPssParameters(parameters: Uint8Array | undefined): PssParameters {
  let hash: DigestName | undefined = 'SHA-1'
  let mgfHash: DigestName | undefined = 'SHA-1'
  let saltLength = 20
  // Absent parameters, or an explicit NULL, mean all defaults.
  if (parameters && !(parameters.length === 2 && parameters[0] === 0x05)) {
    for (const field of reader.sequence(reader.one(parameters), 'RSASSA-PSS-params')) {
      const [inner] = reader.children(field)
      if (reader.isContext(field, 0))
        hash = digestFromOid(reader.oid(reader.sequence(inner, 'hashAlgorithm')[0], 'hash'))
      else if (reader.isContext(field, 1)) {
        const [mgf, mgfParameters] = reader.sequence(inner, 'maskGenAlgorithm')
        if (reader.oid(mgf, 'mask generation function') !== MGF1)
          reader.fail('only MGF1 is supported')
        mgfHash = digestFromOid(reader.oid(reader.sequence(mgfParameters, 'MGF1 hash')[0], 'hash'))
      } else if (reader.isContext(field, 2)) saltLength = reader.smallInt(inner, 'saltLength')
      else if (reader.isContext(field, 3) && reader.smallInt(inner, 'trailerField') !== 1)
        reader.fail('only trailer field 1 is defined')
    }
  }
  if (!hash || hash !== mgfHash)
    throw new PkiError(
      'ERR_PKI_UNSUPPORTED_ALGORITHM',
      'RSASSA-PSS with an unknown digest, or MGF1 over another digest than the message',
    )
  return { hash, saltLength }
}

/** WebCrypto imports RSA keys only as rsaEncryption: an id-RSASSA-PSS SPKI is relabelled. */
export function asRsaEncryptionSpki(spki: Uint8Array): Uint8Array {
  const spkiReader = new DerReader('ERR_PKI_MALFORMED_KEY', 'SubjectPublicKeyInfo')
  const [, bits] = spkiReader.sequence(spkiReader.one(spki), 'SubjectPublicKeyInfo')
  if (!bits) return spkiReader.fail('no key bits')
  return der.seq(der.seq(der.oid(OID.rsaEncryption), der.null()), bits.raw)
}

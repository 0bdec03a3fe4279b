import type { AlgorithmIdentifier } from '../algorithms/signature.js'
import { copyBytes } from './bytes.js'
import type { DerReader, Tlv } from './der.js'

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } */
export function readAlgorithmIdentifier(
  reader: DerReader,
  tlv: Tlv | undefined,
  name: string,
): AlgorithmIdentifier {
  const [oid, parameters, ...rest] = reader.sequence(tlv, name)
  if (rest.length > 0) reader.fail(`${name} has ${rest.length} fields too many`)
  return {
    oid: reader.oid(oid, `${name} algorithm`),
    ...(parameters ? { parameters: copyBytes(parameters.raw) } : {}),
  }
}

/** The signature bytes of a signatureValue BIT STRING (certificates, CRLs, OCSP responses). */
export function readSignatureBits(reader: DerReader, tlv: Tlv | undefined): Uint8Array {
  if (!tlv || tlv.cls !== 0 || tlv.tag !== 3 || tlv.constructed || tlv.content.length === 0)
    reader.fail('expected signatureValue BIT STRING')
  // A signature with unused bits is no signature: keep it empty so that it never verifies.
  return tlv.content[0] === 0 ? copyBytes(tlv.content.subarray(1)) : new Uint8Array()
}

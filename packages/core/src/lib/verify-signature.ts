// Signature verification for CMS signers. RSASSA-PSS with explicit parameters is checked here
// (RFC 4056); everything else goes to @siegel/pki's verifySignature.
import {
  digestFromOid,
  verifySignature,
  type AlgorithmIdentifier,
  type Certificate,
  type DigestName,
} from '@siegel/pki'
import { subtle } from './bytes.js'
import { childrenOf, oid, readNode, readOid, TAG, tlv } from './der.js'
import { ALGORITHM_OID } from './oids.js'

export type SignatureOutcome =
  | { valid: true }
  | {
      valid: false
      code: 'ERR_SMIME_BAD_SIGNATURE' | 'ERR_SMIME_UNSUPPORTED_ALGORITHM'
      message: string
    }

export async function verifyCmsSignature(
  certificate: Certificate,
  data: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
  digest: DigestName,
  crypto: Crypto | undefined,
): Promise<SignatureOutcome> {
  if (algorithm.oid === ALGORITHM_OID.rsassaPss)
    return verifyPss(certificate, data, signature, algorithm, crypto)
  const check = await verifySignature(certificate, data, signature, algorithm, {
    digest,
    ...(crypto ? { crypto } : {}),
  })
  if (check.valid) return { valid: true }
  const code =
    check.code === 'ERR_PKI_UNSUPPORTED_ALGORITHM'
      ? 'ERR_SMIME_UNSUPPORTED_ALGORITHM'
      : 'ERR_SMIME_BAD_SIGNATURE'
  return { valid: false, code, message: check.message }
}

/** RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2], trailerField [3] } */
async function verifyPss(
  certificate: Certificate,
  data: Uint8Array,
  signature: Uint8Array,
  algorithm: AlgorithmIdentifier,
  crypto: Crypto | undefined,
): Promise<SignatureOutcome> {
  const unsupported = (message: string): SignatureOutcome => ({
    valid: false,
    code: 'ERR_SMIME_UNSUPPORTED_ALGORITHM',
    message,
  })
  let hash: DigestName | undefined = 'SHA-1'
  let mgfHash: DigestName | undefined = 'SHA-1'
  let saltLength = 20
  const params = algorithm.parameters
  if (params && params.length > 2) {
    const root = readNode(params, 0)
    if (root.tag !== TAG.sequence) return unsupported('RSASSA-PSS parameters are not a SEQUENCE')
    for (const field of childrenOf(params, root)) {
      const inner = childrenOf(params, field)[0]
      if (!inner) continue
      if (field.tag === 0xa0) hash = digestFromOid(readOid(params, childrenOf(params, inner)[0]!))
      else if (field.tag === 0xa1) {
        const [mgf, mgfParams] = childrenOf(params, inner)
        if (readOid(params, mgf!) !== ALGORITHM_OID.mgf1 || !mgfParams)
          return unsupported('RSASSA-PSS with a mask generation function other than MGF1')
        mgfHash = digestFromOid(readOid(params, childrenOf(params, mgfParams)[0]!))
      } else if (field.tag === 0xa2) {
        saltLength = 0
        for (let i = inner.contentStart; i < inner.contentEnd; i++)
          saltLength = saltLength * 256 + params[i]!
      } else if (
        field.tag === 0xa3 &&
        !(inner.contentEnd - inner.contentStart === 1 && params[inner.contentStart] === 1)
      ) {
        return unsupported('RSASSA-PSS with a trailer field other than 1')
      }
    }
  }
  // WebCrypto's RSA-PSS always uses MGF1 with the message digest.
  if (!hash || hash !== mgfHash)
    return unsupported('RSASSA-PSS with an unknown digest, or MGF1 over a different digest')
  if (certificate.publicKey.type !== 'RSA' && certificate.publicKey.type !== 'RSA-PSS') {
    return {
      valid: false,
      code: 'ERR_SMIME_BAD_SIGNATURE',
      message: 'an RSASSA-PSS signature from a certificate without an RSA key',
    }
  }
  const webcrypto = subtle(crypto)
  try {
    const spki =
      certificate.publicKey.type === 'RSA'
        ? certificate.publicKey.spki
        : asRsaEncryptionSpki(certificate.publicKey.spki)
    const key = await webcrypto.importKey(
      'spki',
      spki as Uint8Array<ArrayBuffer>,
      { name: 'RSA-PSS', hash },
      false,
      ['verify'],
    )
    const valid = await webcrypto.verify(
      { name: 'RSA-PSS', saltLength },
      key,
      signature as Uint8Array<ArrayBuffer>,
      data as Uint8Array<ArrayBuffer>,
    )
    return valid
      ? { valid: true }
      : {
          valid: false,
          code: 'ERR_SMIME_BAD_SIGNATURE',
          message: 'the signature does not match the data and key',
        }
  } catch (cause) {
    return unsupported(
      `RSA-PSS verification could not run: ${cause instanceof Error ? cause.name : 'error'}`,
    )
  }
}

/** WebCrypto imports RSA keys only under rsaEncryption; an id-RSASSA-PSS SPKI is re-labelled. */
function asRsaEncryptionSpki(spki: Uint8Array): Uint8Array {
  const [, bits] = childrenOf(spki, readNode(spki, 0))
  const rsaEncryption = tlv(
    TAG.sequence,
    oid(ALGORITHM_OID.rsaEncryption),
    Uint8Array.of(0x05, 0x00),
  )
  return tlv(TAG.sequence, rsaEncryption, spki.subarray(bits!.start, bits!.end))
}

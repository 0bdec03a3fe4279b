// SignedData with encapsulated content (RFC 5652 §5.1) in BER with indefinite lengths, for
// content that streams past: the head names the digest algorithms, then the content follows as
// OCTET STRING segments inside a constructed eContent (X.690 §8.7.3); the certificates and the
// SignerInfos, which need the content's digest, come after it, as RFC 5652 orders them anyway.
// They are taken from the DER of the same SignedData made detached, so both forms sign alike.
import type { AlgorithmIdentifier } from '@siegel/pki'
import { concatBytes } from '../lib/bytes.js'
import { childrenOf, oid, readRoot, setOf, smallInteger, TAG } from '../lib/der.js'
import { CMS_OID } from '../lib/oids.js'
import { encodeAlgorithm } from '../lib/signed-data.js'

const INDEFINITE = 0x80
const END_OF_CONTENTS = Uint8Array.of(0, 0)

/** Everything before the first content segment. */
export function signedDataHead(digestAlgorithms: readonly AlgorithmIdentifier[]): Uint8Array {
  // As encodeSignedData: one entry per digest OID, as a DER SET OF (sorted).
  const unique = new Map(digestAlgorithms.map((a) => [a.oid, encodeAlgorithm(a)]))
  return concatBytes([
    Uint8Array.of(TAG.sequence, INDEFINITE),
    oid(CMS_OID.signedData),
    Uint8Array.of(TAG.context0, INDEFINITE, TAG.sequence, INDEFINITE),
    smallInteger(1),
    setOf([...unique.values()]),
    Uint8Array.of(TAG.sequence, INDEFINITE),
    oid(CMS_OID.data),
    // eContent [0] EXPLICIT OCTET STRING, the OCTET STRING in its constructed form.
    Uint8Array.of(TAG.context0, INDEFINITE, TAG.octetString | 0x20, INDEFINITE),
  ])
}

/**
 * Everything after the last content segment: the certificates and SignerInfos of `detached`,
 * the DER ContentInfo of the same SignedData without content.
 */
export function signedDataTail(detached: Uint8Array): Uint8Array {
  const [, wrapper] = childrenOf(detached, readRoot(detached))
  const signedData = childrenOf(detached, wrapper!)[0]!
  const fields = childrenOf(detached, signedData)
  // version, digestAlgorithms, encapContentInfo, then [0] certificates, [1] crls, signerInfos.
  const rest = detached.subarray(fields[3]!.start, fields[fields.length - 1]!.end)
  return concatBytes([
    END_OF_CONTENTS, // OCTET STRING
    END_OF_CONTENTS, // [0] eContent
    END_OF_CONTENTS, // EncapsulatedContentInfo
    rest,
    END_OF_CONTENTS, // SignedData
    END_OF_CONTENTS, // [0] content
    END_OF_CONTENTS, // ContentInfo
  ])
}

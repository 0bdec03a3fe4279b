// CMS is read and written with the DER module of @siegel/pki (`@siegel/pki/der`, shared inside
// Siegel): offsets and slices, no copies, so content of hundreds of MiB passes through, and a
// depth budget for hostile nesting. This file fixes the context of every read (BER, as CMS
// allows for its outer layers) and turns the module's DerErrors into ERR_SMIME_MALFORMED_CMS,
// the code callers have always seen for unreadable CMS.
import {
  assertDer,
  childrenOf as childNodes,
  decodeOid,
  DerError,
  octetStringContent as joinOctetString,
  readNode as readDerNode,
  readRoot as readDerRoot,
  type DerContext,
  type DerNode,
} from '@siegel/pki/der'
import { SmimeError } from '../errors.js'

export {
  compareBytes,
  encode,
  encodePieces,
  node,
  oid,
  setOf,
  smallInteger,
  TAG,
  tlv,
  type DerNode,
  type DerTree,
} from '@siegel/pki/der'

// RFC 5652 allows BER for everything but signed attributes (§5.3) and what the signature of a
// certificate covers; the layers read here come from all kinds of clients.
const CMS: DerContext = { code: 'ERR_PKI_INVALID_INPUT', what: 'CMS' }

function cms<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    // Depth too (ERR_PKI_DER_TOO_DEEP): CMS nested that deep is malformed, as it always was here.
    if (error instanceof DerError)
      throw new SmimeError('ERR_SMIME_MALFORMED_CMS', error.message, { cause: error })
    throw error
  }
}

/** Reads the TLV at `offset`, which must end by `limit`. */
export function readNode(
  bytes: Uint8Array,
  offset: number,
  limit: number = bytes.length,
  depth = 0,
): DerNode {
  return cms(() => readDerNode(bytes, offset, limit, CMS, depth))
}

/** The TLVs inside a constructed node. */
export function childrenOf(bytes: Uint8Array, node: DerNode): DerNode[] {
  return cms(() => childNodes(bytes, node, CMS))
}

/** Reads exactly one TLV covering all of `bytes`. */
export function readRoot(bytes: Uint8Array): DerNode {
  return cms(() => readDerRoot(bytes, CMS))
}

/** The content octets of an OCTET STRING, joining the pieces of a constructed (BER) one. */
export function octetStringContent(bytes: Uint8Array, node: DerNode): Uint8Array {
  return cms(() => joinOctetString(bytes, node, CMS))
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node || node.tag !== tag) {
    throw new SmimeError(
      'ERR_SMIME_MALFORMED_CMS',
      `expected ${what} (tag 0x${tag.toString(16)})${node ? `, found tag 0x${node.tag.toString(16)}` : ', found nothing'} at byte ${node?.start ?? 0}`,
    )
  }
  return node
}

/** The dotted form of an OBJECT IDENTIFIER node (its encoding was checked when it was read). */
export function readOid(bytes: Uint8Array, node: DerNode): string {
  expectTag(node, 0x06, 'an OBJECT IDENTIFIER')
  return decodeOid(bytes.subarray(node.contentStart, node.contentEnd))
}

/** The bytes of the whole TLV. */
export function tlvBytes(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.start, node.end)
}

/**
 * Requires the TLV at `node` to be DER throughout (RFC 5652 §5.3: SignedAttributes MUST be
 * DER encoded, since the signature covers their DER with the SET OF tag).
 */
export function requireDer(bytes: Uint8Array, node: DerNode, what: string): void {
  cms(() => assertDer(tlvBytes(bytes, node), { ...CMS, what }))
}

/**
 * `@siegel/pki/der`: the BER/DER reader and DER writer that `@siegel/pki` and `@siegel/core`
 * share, with one OID codec and one time codec. Internal to Siegel: a subpath so that
 * `@siegel/core` can use it through the package entry, not a stable public API; its shape may
 * change in any release.
 *
 * @packageDocumentation
 */
export { DerError } from '../errors.js'
export { assertDer } from './assert-der.js'
export { derFail, type DerContext } from './context.js'
export {
  childrenOf,
  MAX_DER_DEPTH,
  octetStringContent,
  readNode,
  readRoot,
  type DerNode,
} from './node.js'
export { decodeOid, encodeOid, oidProblem } from './oid.js'
export { DerReader, type DerReaderOptions, type Tlv } from './reader.js'
export { checkDerValue } from './strict.js'
export { decodeTime, encodeTime, readTime } from './time.js'
export { bmpBytes, der, oid, smallInteger, unsignedInteger } from './builders.js'
export {
  compareBytes,
  concat,
  encode,
  encodePieces,
  node,
  setOf,
  TAG,
  tlv,
  type DerTree,
} from './writer.js'

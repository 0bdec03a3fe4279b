import type { DerContext } from './context.js'
import { childrenOf, readRoot, type DerNode } from './node.js'

/**
 * Checks that all of `bytes` is one DER value, descending into every constructed value
 * (never into the content of primitive ones, such as an OCTET STRING holding an extension).
 * Iterative; the depth is bounded by the reader's budget.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the encoding
 * @param context - error code and name; `strict` is implied
 * @returns nothing
 * @throws DerError `context.code` for BER or malformed bytes, `ERR_PKI_DER_TOO_DEEP` for nesting
 *   beyond `MAX_DER_DEPTH`
 * @example
 * ```ts
 * assertDer(signedAttributes, { code: 'ERR_PKI_INVALID_INPUT', what: 'signed attributes' })
 * ```
 */
export function assertDer(bytes: Uint8Array, context: DerContext): void {
  const strict: DerContext = { ...context, strict: true }
  const pending: DerNode[] = [readRoot(bytes, strict)]
  while (pending.length > 0) {
    const node = pending.pop()!
    if (node.constructed) for (const child of childrenOf(bytes, node, strict)) pending.push(child)
  }
}

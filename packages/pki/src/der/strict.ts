// DER (X.690 §10–11) on top of BER: the rules that make one value have exactly one encoding.
// Signatures over certificates, CRLs and CMS signed attributes are computed over DER; a reader
// that accepts other encodings of the same value invites parser differentials.
import { derFail, type DerContext } from './context.js'
import type { DerNode } from './node.js'

// Universal string types whose constructed form BER allows and DER forbids (X.690 §10.2):
// BIT STRING, OCTET STRING, UTF8String, the restricted character strings, and the times.
const STRING_TYPES = new Set([3, 4, 12, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30])

/**
 * Checks the DER rules that concern one value's content. The length rules are checked while
 * the header is read.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the buffer `node` was read from
 * @param node - a node read in strict mode
 * @param context - error code and name
 * @returns nothing
 * @throws DerError `context.code` for a constructed string, a BOOLEAN other than 00 or FF, an
 *   empty INTEGER, a bad BIT STRING or a NULL with content
 * @example
 * ```ts
 * checkDerValue(der, node, context)
 * ```
 */
export function checkDerValue(bytes: Uint8Array, node: DerNode, context: DerContext): void {
  if (node.cls !== 0) return
  // Offsets, not a subarray: this runs for every value of every certificate read.
  const start = node.contentStart
  const length = node.contentEnd - start
  if (node.constructed) {
    if (STRING_TYPES.has(node.number))
      derFail(
        context,
        `a constructed string (universal ${node.number}) is not DER (X.690 §10.2)`,
        node.start,
      )
    return
  }
  switch (node.number) {
    case 1: // X.690 §11.1: FALSE is 00, TRUE is FF.
      if (length !== 1 || (bytes[start] !== 0 && bytes[start] !== 0xff))
        derFail(context, 'a BOOLEAN is not 00 or FF (X.690 §11.1)', node.start)
      return
    case 2:
    case 10:
      // X.690 §8.3.1: at least one octet. Minimality (§8.3.2) is not required: RFC 5280
      // §4.1.2.2 asks users to handle the non-conforming serial numbers of old CAs gracefully,
      // and Siegel keeps a serial as encoded, so no two encodings are taken for one value.
      if (length === 0) derFail(context, 'an empty INTEGER', node.start)
      return
    case 3: {
      // X.690 §8.6.2 and §11.2.1: 0–7 unused bits, none in an empty string, and they are zero.
      const unused = length === 0 ? 8 : bytes[start]!
      if (
        unused > 7 ||
        (length === 1 && unused !== 0) ||
        (length > 1 && (bytes[node.contentEnd - 1]! & ((1 << unused) - 1)) !== 0)
      )
        derFail(context, 'a BIT STRING with bad unused bits (X.690 §11.2.1)', node.start)
      return
    }
    case 5: // X.690 §8.8.2
      if (length !== 0) derFail(context, 'a NULL with content', node.start)
      return
  }
}

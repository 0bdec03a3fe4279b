import type { PkiErrorCode } from '../errors.js'
import { derFail, type DerContext } from './context.js'
import { childrenOf, octetStringContent, readRoot, type DerNode } from './node.js'
import { decodeOid } from './oid.js'

/**
 * One decoded TLV as views: `content` and `raw` alias the buffer read.
 *
 * Internal to Siegel: not a stable public API.
 */
export interface Tlv {
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number
  constructed: boolean
  /** Tag number (low- and high-tag-number forms). */
  tag: number
  /** The content octets (for an indefinite length, without the end-of-contents octets). */
  content: Uint8Array
  /** The whole TLV. */
  raw: Uint8Array
  /** The buffer this TLV was read from, and its offsets and depth there. */
  source: Uint8Array
  node: DerNode
}

/** Options of a {@link DerReader}. */
export interface DerReaderOptions {
  /** Require DER instead of BER (see `DerContext.strict`). Default: false. */
  strict?: boolean
}

/**
 * A reader for one kind of structure: it fails with the error code given for it, and reads BER
 * or, with `strict`, only DER. Nesting is counted from the value passed to {@link DerReader.one}.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @example
 * ```ts
 * const reader = new DerReader('ERR_PKI_MALFORMED_CERTIFICATE', 'certificate', { strict: true })
 * const [tbs, algorithm, signature] = reader.sequence(reader.one(der), 'Certificate')
 * ```
 */
export class DerReader {
  /** The error code, name and rules of this reader. */
  readonly context: DerContext

  constructor(code: PkiErrorCode, what: string, options?: DerReaderOptions) {
    this.context = { code, what, strict: options?.strict === true }
  }

  /** Throws this reader's error. */
  fail(message: string, offset = 0): never {
    return derFail(this.context, message, offset)
  }

  /** Decodes the single TLV that fills `bytes`. */
  one(bytes: Uint8Array): Tlv {
    return view(bytes, readRoot(bytes, this.context))
  }

  /** The children of a constructed TLV. */
  children(tlv: Tlv): Tlv[] {
    return childrenOf(tlv.source, tlv.node, this.context).map((node) => view(tlv.source, node))
  }

  /** A SEQUENCE's children, checking the tag. */
  sequence(tlv: Tlv | undefined, name: string): Tlv[] {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 0x10 || !tlv.constructed)
      this.fail(`expected ${name} (SEQUENCE)`, tlv?.node.start)
    return this.children(tlv)
  }

  /** The dotted form of an OBJECT IDENTIFIER (checked while it was read). */
  oid(tlv: Tlv | undefined, name: string): string {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 6 || tlv.constructed || tlv.content.length === 0)
      this.fail(`expected ${name} (OBJECT IDENTIFIER)`, tlv?.node.start)
    return decodeOid(tlv.content)
  }

  /** OCTET STRING content; BER constructed octet strings (Windows PFX) are joined. */
  octets(tlv: Tlv | undefined, name: string): Uint8Array {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 4)
      this.fail(`expected ${name} (OCTET STRING)`, tlv?.node.start)
    return octetStringContent(tlv.source, tlv.node, this.context)
  }

  /** A non-negative INTEGER that fits a JS number. */
  smallInt(tlv: Tlv | undefined, name: string): number {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 2 || tlv.constructed || tlv.content.length === 0)
      this.fail(`expected ${name} (INTEGER)`, tlv?.node.start)
    if (tlv.content[0]! & 0x80 || tlv.content.length > 6)
      this.fail(`${name} is out of range`, tlv.node.start)
    let n = 0
    for (const b of tlv.content) n = n * 256 + b
    return n
  }

  /** A context-specific tagged value [n]. */
  isContext(tlv: Tlv | undefined, n: number): tlv is Tlv {
    return tlv !== undefined && tlv.cls === 2 && tlv.tag === n
  }
}

function view(source: Uint8Array, node: DerNode): Tlv {
  return {
    cls: node.cls,
    constructed: node.constructed,
    tag: node.number,
    content: source.subarray(node.contentStart, node.contentEnd),
    raw: source.subarray(node.start, node.end),
    source,
    node,
  }
}

import { PkiError, type PkiErrorCode } from '../errors.js'

/**
 * A deliberately small BER/DER reader and DER writer (noble-curves `der.ts` in spirit) for the
 * structures we read and write ourselves: PKCS#12, PKCS#8, certification requests.
 */

/** One decoded TLV. `content` aliases the input; `raw` is the whole TLV. */
export interface Tlv {
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  cls: number
  constructed: boolean
  /** Tag number (low-tag-number form only up to 30, high form supported). */
  tag: number
  content: Uint8Array
  raw: Uint8Array
}

// Nesting deeper than this is not found in certificates, keys or PKCS#12 files; it is an attack.
const MAX_DEPTH = 64

export class DerReader {
  constructor(
    private readonly code: PkiErrorCode,
    private readonly what: string,
  ) {}

  fail(message: string): never {
    throw new PkiError(this.code, `${this.what}: ${message}`)
  }

  /** Decodes the single TLV that fills `bytes`. */
  one(bytes: Uint8Array): Tlv {
    const [tlv, end] = this.read(bytes, 0, 0)
    if (end !== bytes.length) this.fail(`${bytes.length - end} bytes after the value`)
    return tlv
  }

  /** The children of a constructed TLV. */
  children(tlv: Tlv): Tlv[] {
    if (!tlv.constructed) this.fail('expected a constructed value')
    const out: Tlv[] = []
    let offset = 0
    while (offset < tlv.content.length) {
      const [child, end] = this.read(tlv.content, offset, 1)
      out.push(child)
      offset = end
    }
    return out
  }

  /** A SEQUENCE's children, checking the tag. */
  sequence(tlv: Tlv | undefined, name: string): Tlv[] {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 0x10 || !tlv.constructed)
      this.fail(`expected ${name} (SEQUENCE)`)
    return this.children(tlv)
  }

  oid(tlv: Tlv | undefined, name: string): string {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 6 || tlv.constructed || tlv.content.length === 0)
      this.fail(`expected ${name} (OBJECT IDENTIFIER)`)
    return decodeOid(tlv.content)
  }

  /** OCTET STRING content; BER constructed octet strings (Windows PFX) are joined. */
  octets(tlv: Tlv | undefined, name: string, depth = 0): Uint8Array {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 4) this.fail(`expected ${name} (OCTET STRING)`)
    if (!tlv.constructed) return tlv.content
    if (depth > 8) this.fail(`${name} nests too deep`)
    return concat(this.children(tlv).map((c) => this.octets(c, name, depth + 1)))
  }

  /** A non-negative INTEGER that fits a JS number. */
  smallInt(tlv: Tlv | undefined, name: string): number {
    if (!tlv || tlv.cls !== 0 || tlv.tag !== 2 || tlv.constructed || tlv.content.length === 0)
      this.fail(`expected ${name} (INTEGER)`)
    if (tlv.content[0]! & 0x80 || tlv.content.length > 6) this.fail(`${name} is out of range`)
    let n = 0
    for (const b of tlv.content) n = n * 256 + b
    return n
  }

  /** A context-specific tagged value [n]. */
  isContext(tlv: Tlv | undefined, n: number): tlv is Tlv {
    return tlv !== undefined && tlv.cls === 2 && tlv.tag === n
  }

  private read(bytes: Uint8Array, offset: number, depth: number): [Tlv, number] {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`)
    const start = offset
    if (offset + 2 > bytes.length) this.fail(`truncated at byte ${offset}`)
    const first = bytes[offset++]!
    const cls = first >> 6
    const constructed = (first & 0x20) !== 0
    let tag = first & 0x1f
    if (tag === 0x1f) {
      tag = 0
      for (let i = 0; ; i++) {
        if (offset >= bytes.length || i > 3) this.fail(`bad tag at byte ${start}`)
        const b = bytes[offset++]!
        tag = tag * 128 + (b & 0x7f)
        if (!(b & 0x80)) break
      }
    }
    if (offset >= bytes.length) this.fail(`truncated at byte ${offset}`)
    const lengthByte = bytes[offset++]!
    if (lengthByte === 0x80) {
      // BER indefinite length (X.690 §8.1.3.6): children until an end-of-contents marker.
      if (!constructed) this.fail(`indefinite length on a primitive value at byte ${start}`)
      const contentStart = offset
      for (;;) {
        if (offset + 2 > bytes.length) this.fail('missing end-of-contents marker')
        if (bytes[offset] === 0 && bytes[offset + 1] === 0) break
        offset = this.read(bytes, offset, depth + 1)[1]
      }
      const content = bytes.subarray(contentStart, offset)
      offset += 2
      return [{ cls, constructed, tag, content, raw: bytes.subarray(start, offset) }, offset]
    }
    let length = lengthByte
    if (lengthByte & 0x80) {
      const count = lengthByte & 0x7f
      if (count > 4) this.fail(`length of ${count} bytes at byte ${start}`)
      length = 0
      for (let i = 0; i < count; i++) {
        if (offset >= bytes.length) this.fail(`truncated length at byte ${start}`)
        length = length * 256 + bytes[offset++]!
      }
    }
    if (offset + length > bytes.length)
      this.fail(`value at byte ${start} claims ${length} bytes, ${bytes.length - offset} remain`)
    const content = bytes.subarray(offset, offset + length)
    return [
      { cls, constructed, tag, content, raw: bytes.subarray(start, offset + length) },
      offset + length,
    ]
  }
}

export function decodeOid(content: Uint8Array): string {
  const parts: number[] = []
  let value = 0
  for (const b of content) {
    value = value * 128 + (b & 0x7f)
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        const first = value < 80 ? Math.floor(value / 40) : 2
        parts.push(first, value - first * 40)
      } else parts.push(value)
      value = 0
    }
  }
  return parts.join('.')
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

// ---- writer ---------------------------------------------------------------------------------

export function tlv(tagByte: number, content: Uint8Array): Uint8Array {
  const n = content.length
  let header: number[]
  if (n < 0x80) header = [tagByte, n]
  else {
    const len: number[] = []
    for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v & 0xff)
    header = [tagByte, 0x80 | len.length, ...len]
  }
  const out = new Uint8Array(header.length + n)
  out.set(header)
  out.set(content, header.length)
  return out
}

export const der = {
  seq: (...parts: Uint8Array[]): Uint8Array => tlv(0x30, concat(parts)),
  set: (...parts: Uint8Array[]): Uint8Array => tlv(0x31, concat(parts)),
  /** SET OF with its elements sorted by their encodings (X.690 §11.6). */
  setOf: (...parts: Uint8Array[]): Uint8Array => tlv(0x31, concat([...parts].sort(compareBytes))),
  octets: (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes),
  bits: (bytes: Uint8Array, unused = 0): Uint8Array =>
    tlv(0x03, concat([Uint8Array.of(unused), bytes])),
  null: (): Uint8Array => Uint8Array.of(0x05, 0x00),
  bool: (value: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, value ? 0xff : 0x00),
  utf8: (text: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(text)),
  printable: (text: string): Uint8Array => tlv(0x13, new TextEncoder().encode(text)),
  ia5: (text: string): Uint8Array => tlv(0x16, new TextEncoder().encode(text)),
  bmp: (text: string): Uint8Array => tlv(0x1e, bmpBytes(text, false)),
  /** [n] EXPLICIT (constructed) or IMPLICIT primitive with `content`. */
  ctx: (n: number, constructed: boolean, content: Uint8Array): Uint8Array =>
    tlv(0x80 | (constructed ? 0x20 : 0) | n, content),
  /** A non-negative INTEGER from its unsigned big-endian bytes. */
  uint: (bytes: Uint8Array): Uint8Array => {
    let start = 0
    while (start < bytes.length - 1 && bytes[start] === 0) start++
    const trimmed = bytes.subarray(start)
    return tlv(
      0x02,
      trimmed.length === 0 || trimmed[0]! & 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed,
    )
  },
  int: (value: number): Uint8Array => {
    const bytes: number[] = []
    for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff)
    return der.uint(Uint8Array.from(bytes))
  },
  oid: (dotted: string): Uint8Array => {
    const [a, b, ...rest] = dotted.split('.').map(Number)
    const out: number[] = []
    for (const arc of [a! * 40 + b!, ...rest]) {
      const chunk = [arc & 0x7f]
      for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
        chunk.unshift(0x80 | (v & 0x7f))
      out.push(...chunk)
    }
    return tlv(0x06, Uint8Array.from(out))
  },
  utcOrGeneralizedTime: (date: Date): Uint8Array => {
    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'
    return date.getUTCFullYear() < 2050
      ? tlv(0x17, new TextEncoder().encode(iso.slice(2)))
      : tlv(0x18, new TextEncoder().encode(iso))
  },
}

/** UTF-16BE code units; with `terminated`, the two zero bytes RFC 7292 appendix B.1 adds. */
export function bmpBytes(text: string, terminated: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2 + (terminated ? 2 : 0))
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    out[2 * i] = unit >> 8
    out[2 * i + 1] = unit & 0xff
  }
  return out
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

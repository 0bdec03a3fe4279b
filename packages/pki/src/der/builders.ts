import { encodeOid } from './oid.js'
import { encodeTime } from './time.js'
import { compareBytes, concat, TAG, tlv } from './writer.js'

/**
 * DER OBJECT IDENTIFIER from its dotted form.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param dotted - e.g. `1.2.840.113549.1.7.1`
 * @returns the TLV
 * @throws PkiError `ERR_PKI_INVALID_INPUT` for a string that is no OID
 * @example
 * ```ts
 * oid('2.5.4.3') // 06 03 55 04 03
 * ```
 */
export function oid(dotted: string): Uint8Array {
  return tlv(TAG.oid, encodeOid(dotted))
}

/**
 * A non-negative INTEGER from its unsigned big-endian bytes, minimal (X.690 §8.3.2).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param bytes - the magnitude; leading zeros are dropped
 * @returns the TLV
 * @example
 * ```ts
 * unsignedInteger(Uint8Array.of(0x80)) // 02 02 00 80
 * ```
 */
export function unsignedInteger(bytes: Uint8Array): Uint8Array {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start++
  const trimmed = bytes.subarray(start)
  return tlv(
    TAG.integer,
    trimmed.length === 0 || trimmed[0]! & 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed,
  )
}

/**
 * DER INTEGER from a non-negative safe integer (versions, iteration counts).
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param value - 0 to 2^53 − 1
 * @returns the TLV
 * @example
 * ```ts
 * smallInteger(1) // 02 01 01
 * ```
 */
export function smallInteger(value: number): Uint8Array {
  const octets: number[] = []
  for (let v = value; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256)
  return unsignedInteger(Uint8Array.from(octets))
}

/**
 * UTF-16BE code units; with `terminated`, the two zero bytes RFC 7292 appendix B.1 adds.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @param text - the text
 * @param terminated - append 00 00
 * @returns the bytes
 * @example
 * ```ts
 * bmpBytes('a', true) // 00 61 00 00
 * ```
 */
export function bmpBytes(text: string, terminated: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2 + (terminated ? 2 : 0))
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    out[2 * i] = unit >> 8
    out[2 * i + 1] = unit & 0xff
  }
  return out
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value)

/**
 * Short builders of DER values, for the structures written by hand.
 *
 * Reachable from `@siegel/pki/der`. Internal to Siegel: not a stable public API.
 * @example
 * ```ts
 * der.seq(der.oid('1.2.840.113549.1.1.1'), der.null())
 * ```
 */
export const der = {
  seq: (...parts: Uint8Array[]): Uint8Array => tlv(TAG.sequence, ...parts),
  set: (...parts: Uint8Array[]): Uint8Array => tlv(TAG.set, ...parts),
  /** SET OF with its elements sorted by their encodings (X.690 §11.6). */
  setOf: (...parts: Uint8Array[]): Uint8Array => tlv(TAG.set, ...[...parts].sort(compareBytes)),
  octets: (bytes: Uint8Array): Uint8Array => tlv(TAG.octetString, bytes),
  bits: (bytes: Uint8Array, unused = 0): Uint8Array =>
    tlv(TAG.bitString, Uint8Array.of(unused), bytes),
  null: (): Uint8Array => Uint8Array.of(TAG.null, 0x00),
  /** X.690 §11.1: TRUE is FF. */
  bool: (value: boolean): Uint8Array => Uint8Array.of(TAG.boolean, 0x01, value ? 0xff : 0x00),
  utf8: (value: string): Uint8Array => tlv(0x0c, text(value)),
  printable: (value: string): Uint8Array => tlv(0x13, text(value)),
  ia5: (value: string): Uint8Array => tlv(0x16, text(value)),
  bmp: (value: string): Uint8Array => tlv(0x1e, bmpBytes(value, false)),
  /** [n] EXPLICIT (constructed) or IMPLICIT primitive with `content`. */
  ctx: (n: number, constructed: boolean, content: Uint8Array): Uint8Array =>
    tlv(0x80 | (constructed ? 0x20 : 0) | n, content),
  /** A non-negative INTEGER from its unsigned big-endian bytes. */
  uint: unsignedInteger as (bytes: Uint8Array) => Uint8Array,
  int: smallInteger as (value: number) => Uint8Array,
  oid: oid as (dotted: string) => Uint8Array,
  /** RFC 5280 §4.1.2.5: UTCTime for 1950 to 2049, GeneralizedTime otherwise. */
  utcOrGeneralizedTime: encodeTime as (date: Date) => Uint8Array,
}

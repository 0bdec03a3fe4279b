import * as asn1js from 'asn1js'
import { PkiError, type PkiErrorCode } from '../errors.js'
import { toArrayBuffer } from './bytes.js'

export { asn1js }

/** Parses one DER value that must fill `der` exactly; errors become the given code. */
export function parseDer(der: Uint8Array, code: PkiErrorCode, what: string): asn1js.AsnType {
  const parsed = asn1js.fromBER(toArrayBuffer(der))
  if (parsed.offset === -1) {
    throw new PkiError(
      code,
      `expected a DER-encoded ${what}: ${parsed.result.error || 'cannot decode'}`,
    )
  }
  if (parsed.offset !== der.length) {
    throw new PkiError(
      code,
      `expected a DER-encoded ${what} of ${parsed.offset} bytes, got ${der.length} bytes`,
    )
  }
  return parsed.result
}

/** The DER bytes of an asn1js value as they were decoded (no re-encoding). */
export function rawBytes(value: asn1js.AsnType): Uint8Array {
  return new Uint8Array(value.valueBeforeDecodeView)
}

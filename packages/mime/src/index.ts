/**
 * MIME composer and parser that keeps the exact bytes of every part.
 *
 * @packageDocumentation
 * @module @siegel/mime
 */
export { MimeError, type MimeErrorCode } from './errors.js'
export { composeMessage, type MessageSpec } from './compose/compose-message.js'
export { composePart } from './compose/compose-part.js'
export type {
  ComposeOptions,
  HeaderList,
  LeafPartSpec,
  MessagePartSpec,
  MultipartSpec,
  PartSpec,
  TransferEncoding,
} from './compose/types.js'
export { formatAddress, type Mailbox } from './address/format-address.js'
export {
  parseAddressList,
  readAddressList,
  type AddressProblem,
} from './address/parse-address-list.js'
export { parseDate } from './date/parse-date.js'
export { parseMessage, type ParseOptions } from './parse/parse-message.js'
export { decodeBody, getHeader, getHeaderText } from './parse/part-content.js'
export { collectContent, type MessageContent } from './parse/collect-content.js'
export type {
  ByteRange,
  MimeHeader,
  MimeMessage,
  MimePart,
  MimeProblem,
  MimeProblemCode,
} from './parse/types.js'
export type { MimeLimits } from './parse/limits.js'
export {
  DEFAULT_CONTENT_TYPE,
  formatContentType,
  parseContentType,
  type ContentType,
} from './header/content-type.js'
export { decodeWords, encodeWords } from './header/encoded-word.js'
export {
  decodeBase64,
  encodeBase64,
  type Base64DecodeResult,
  type Base64EncodeOptions,
} from './encoding/base64.js'
export { decodeQuotedPrintable, encodeQuotedPrintable } from './encoding/quoted-printable.js'
export { canonicalizeLineEndings } from './encoding/canonicalize.js'
export { Base64Decoder, Base64Encoder, type Base64StreamStatus } from './stream/base64-stream.js'
export { LineEndingCanonicalizer } from './stream/line-endings-stream.js'
export { MultipartScanner, type MultipartSink } from './stream/multipart-scanner.js'

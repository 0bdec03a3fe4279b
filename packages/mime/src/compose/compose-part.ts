import { MimeError } from '../errors.js'
import { formatContentType, parseContentType } from '../header/content-type.js'
import { encodeWords, encodeWordsWithin } from '../header/encoded-word.js'
import { formatParameter } from '../header/parameters.js'
import { concatBytes, utf8 } from '../lib/bytes.js'
import { makeBoundary } from './boundary.js'
import { headerLine } from './header-line.js'
import { encodeLeaf } from './transfer-encoding.js'
import type {
  ComposeOptions,
  HeaderList,
  LeafPartSpec,
  MessagePartSpec,
  MultipartSpec,
  PartSpec,
} from './types.js'

// Bounds recursion over a caller's tree, as the parser's default maxNestingDepth does.
const MAX_DEPTH = 64
const CRLF = utf8('\r\n')

/**
 * Composes one MIME entity (Content-* header fields, an empty line, the body) from a tree of
 * parts: leaves with text, HTML or files, multiparts, and attached messages. Transfer
 * encodings are chosen per leaf from the content and `options.transport`; boundaries are
 * random and checked not to occur in any body; file names are written in RFC 2231 form in
 * Content-Disposition and as an RFC 2047 `name` in Content-Type, which Outlook reads.
 *
 * Reachable from `@siegel/mime`.
 * @param spec - the part tree
 * @param options - transport, header encoding, randomness
 * @returns the entity bytes, CRLF line endings, ready to be signed, encrypted or sent
 * @throws MimeError `ERR_MIME_INVALID_SPEC` for an invalid spec: unknown shape, a line break in
 *   a header value, a requested encoding the content or the transport does not allow, or a
 *   tree deeper than 64 levels
 * @example
 * ```ts
 * const entity = composePart({
 *   multipart: 'alternative',
 *   parts: [{ content: 'Hello' }, { contentType: 'text/html', content: '<p>Hello</p>' }],
 * })
 * ```
 */
export function composePart(spec: PartSpec, options?: ComposeOptions): Uint8Array {
  return concatBytes(buildPart(spec, options, 0))
}

/** The entity as chunks (headers, body pieces), so large bodies are copied once. */
export function buildPart(
  spec: PartSpec,
  options: ComposeOptions | undefined,
  depth: number,
): Uint8Array[] {
  if (depth > MAX_DEPTH) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `expected a part tree at most ${MAX_DEPTH} levels deep`,
    )
  }
  if (spec === null || typeof spec !== 'object') {
    throw new MimeError('ERR_MIME_INVALID_SPEC', `expected a part spec object, got ${String(spec)}`)
  }
  if ('multipart' in spec) return buildMultipart(spec, options, depth)
  if ('message' in spec) return buildMessage(spec, options)
  if ('content' in spec) return buildLeaf(spec, options)
  throw new MimeError(
    'ERR_MIME_INVALID_SPEC',
    'expected a part spec with content, multipart or message',
  )
}

function buildLeaf(spec: LeafPartSpec, options: ComposeOptions | undefined): Uint8Array[] {
  const { content } = spec
  if (typeof content !== 'string' && !(content instanceof Uint8Array)) {
    throw new MimeError('ERR_MIME_INVALID_SPEC', 'expected part content as a string or Uint8Array')
  }
  const isString = typeof content === 'string'
  const type = parseContentType(
    spec.contentType ?? (isString ? 'text/plain' : 'application/octet-stream'),
  )
  if (!type || !type.mediaType.includes('/')) {
    throw new MimeError('ERR_MIME_INVALID_SPEC', `expected a media type, got "${spec.contentType}"`)
  }
  const isText = type.mediaType.startsWith('text/')
  if (isString && isText && type.parameters.charset === undefined) type.parameters.charset = 'utf-8'
  const bytes = isString ? utf8(content) : content
  const { encoding, body } = encodeLeaf(
    bytes,
    isText ? 'text' : 'data',
    spec.transferEncoding,
    options,
  )
  const disposition = spec.disposition ?? (spec.filename === undefined ? undefined : 'attachment')
  let head = headerLine(
    'Content-Type',
    typeWithName(type.mediaType, type.parameters, spec.filename, options),
  )
  head += headerLine('Content-Transfer-Encoding', encoding)
  if (disposition)
    head += headerLine('Content-Disposition', dispositionValue(disposition, spec.filename, options))
  if (spec.contentId !== undefined) head += headerLine('Content-ID', `<${spec.contentId}>`)
  if (spec.description !== undefined)
    head += unstructuredLine('Content-Description', spec.description, options)
  head += extraHeaders(spec.headers, options)
  return [utf8(head + '\r\n'), body]
}

function buildMessage(spec: MessagePartSpec, options: ComposeOptions | undefined): Uint8Array[] {
  if (!(spec.message instanceof Uint8Array)) {
    throw new MimeError('ERR_MIME_INVALID_SPEC', 'expected an attached message as a Uint8Array')
  }
  const { encoding, body } = encodeLeaf(spec.message, 'message', undefined, options)
  let head = headerLine('Content-Type', typeWithName('message/rfc822', {}, spec.filename, options))
  if (encoding !== '7bit') head += headerLine('Content-Transfer-Encoding', encoding)
  head += headerLine(
    'Content-Disposition',
    dispositionValue(spec.disposition ?? 'attachment', spec.filename, options),
  )
  return [utf8(head + '\r\n'), body]
}

function buildMultipart(
  spec: MultipartSpec,
  options: ComposeOptions | undefined,
  depth: number,
): Uint8Array[] {
  if (
    !/^[A-Za-z0-9!#$&^_.+-]+$/.test(spec.multipart) ||
    !Array.isArray(spec.parts) ||
    spec.parts.length === 0
  ) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      'expected a multipart subtype and at least one part',
    )
  }
  const children = spec.parts.map((part) => buildPart(part, options, depth + 1))
  const boundary = makeBoundary(children.flat(), options?.crypto ?? globalThis.crypto)
  const parameters = { ...spec.parameters, boundary }
  let head = headerLine(
    'Content-Type',
    formatContentType({ mediaType: `multipart/${spec.multipart.toLowerCase()}`, parameters }),
  )
  head += extraHeaders(spec.headers, options)
  const delimiter = utf8(`--${boundary}\r\n`)
  // RFC 2046 §5.1.1: the CRLF before each delimiter belongs to the delimiter.
  const chunks: Uint8Array[] = [utf8(head + '\r\n'), delimiter]
  children.forEach((child, i) => {
    chunks.push(...child, CRLF)
    chunks.push(i === children.length - 1 ? utf8(`--${boundary}--\r\n`) : delimiter)
  })
  return chunks
}

/** Content-Type with the file name as `name`, RFC 2047-encoded: the form Outlook reads. */
function typeWithName(
  mediaType: string,
  parameters: Record<string, string>,
  filename: string | undefined,
  options: ComposeOptions | undefined,
): string {
  let value = formatContentType({ mediaType, parameters })
  if (filename !== undefined) {
    checkFilename(filename)
    // ` name="` before the first word and `"` after the last keep folded lines within 78.
    const name =
      options?.utf8Headers || /^[\x20-\x7e]*$/.test(filename)
        ? filename
        : encodeWordsWithin(filename, 70)
    value += `; name="${name.replace(/(["\\])/g, '\\$1')}"`
  }
  return value
}

/** Content-Disposition with the file name in RFC 2231 form where it is not plain ASCII. */
function dispositionValue(
  disposition: string,
  filename: string | undefined,
  options: ComposeOptions | undefined,
): string {
  if (disposition !== 'inline' && disposition !== 'attachment') {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `expected disposition inline or attachment, got "${disposition}"`,
    )
  }
  if (filename === undefined) return disposition
  checkFilename(filename)
  if (options?.utf8Headers)
    return `${disposition}; filename="${filename.replace(/(["\\])/g, '\\$1')}"`
  return `${disposition}; ${formatParameter('filename', filename)}`
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x20 || c === 0x7f) return true
  }
  return false
}

function checkFilename(filename: string): void {
  if (typeof filename !== 'string' || filename === '' || hasControl(filename)) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      'expected a non-empty file name without control characters',
    )
  }
}

/** An unstructured field (RFC 5322 §3.2.5); a line break in it would inject headers. */
export function unstructuredLine(
  name: string,
  value: string,
  options: ComposeOptions | undefined,
): string {
  if (typeof value !== 'string' || /[\r\n]/.test(value)) {
    throw new MimeError(
      'ERR_MIME_INVALID_SPEC',
      `header ${name} must be a string without line breaks`,
    )
  }
  return headerLine(name, options?.utf8Headers ? value : encodeWords(value))
}

export function extraHeaders(
  headers: HeaderList | undefined,
  options: ComposeOptions | undefined,
): string {
  let out = ''
  for (const [name, value] of headers ?? []) out += unstructuredLine(name, value, options)
  return out
}

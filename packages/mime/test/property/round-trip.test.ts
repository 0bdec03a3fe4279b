import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalizeLineEndings,
  composeMessage,
  composePart,
  decodeBase64,
  encodeBase64,
  parseMessage,
  type ComposeOptions,
  type MimePart,
  type PartSpec,
} from '@siegel/mime'
import { sameBytes } from '../helpers/vectors.js'

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

// Names as people write them: any script, no control characters, no surrounding space, and
// nothing that looks like an RFC 2047 encoded word (readers decode those wherever they are).
const filename = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 80 })
  .filter(
    (s) =>
      s.trim() === s &&
      s !== '' &&
      ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\u007f') &&
      !s.includes('=?'),
  )

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc
    .array(fc.constantFrom('line', ' ', '\n', '\r\n', 'From x', '.', '=', 'ü', '日本', '\t'), {
      maxLength: 60,
    })
    .map((parts) => parts.join('')),
)

const leaf: fc.Arbitrary<PartSpec> = fc.oneof(
  fc.record(
    {
      content: text,
      contentType: fc.constantFrom('text/plain', 'text/html', 'text/csv'),
      filename,
    },
    { requiredKeys: ['content', 'contentType'] },
  ),
  fc.record(
    {
      content: fc.uint8Array({ maxLength: 600 }),
      contentType: fc.constantFrom('application/octet-stream', 'image/png', 'application/pdf'),
      filename,
    },
    { requiredKeys: ['content'] },
  ),
)

const tree: fc.Arbitrary<PartSpec> = fc.letrec<{ node: PartSpec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({
      multipart: fc.constantFrom('mixed', 'alternative', 'related'),
      parts: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    }),
  ),
})).node

const options: fc.Arbitrary<ComposeOptions> = fc.record({
  transport: fc.constantFrom('7bit', '8bit', 'binary') as fc.Arbitrary<'7bit' | '8bit' | 'binary'>,
})

/** Compares a parsed part with the spec it was composed from. */
function expectMatches(part: MimePart, spec: PartSpec): void {
  if ('multipart' in spec) {
    expect(part.contentType.mediaType).toBe(`multipart/${spec.multipart}`)
    expect(part.children).toHaveLength(spec.parts.length)
    spec.parts.forEach((child, i) => expectMatches(part.children[i]!, child))
    return
  }
  if (!('content' in spec)) throw new Error('unexpected spec')
  expect(part.filename).toBe(spec.filename)
  if (typeof spec.content === 'string') {
    // Text line breaks are canonicalised to CRLF (RFC 2046 §4.1.1) unless sent as binary.
    expect(canonicalizeLineEndings(part.content)).toEqual(
      canonicalizeLineEndings(enc(spec.content)),
    )
  } else {
    expect(part.content).toEqual(spec.content)
  }
}

function expectRawRanges(bytes: Uint8Array, part: MimePart): void {
  expect(sameBytes(bytes.subarray(part.range.start, part.range.end), part.raw)).toBe(true)
  expect(sameBytes(bytes.subarray(part.bodyRange.start, part.bodyRange.end), part.body)).toBe(true)
  for (const header of part.headers)
    expect(sameBytes(bytes.subarray(header.range.start, header.range.end), header.raw)).toBe(true)
  part.children.forEach((child) => expectRawRanges(bytes, child))
}

describe('compose → parse round trips', () => {
  it('reads back random part trees in strict mode: structure, file names and content, for every transport', () => {
    fc.assert(
      fc.property(tree, options, (spec, opts) => {
        const bytes = composePart(spec, opts)
        const message = parseMessage(bytes, { strict: true })
        expect(message.problems).toEqual([])
        expectMatches(message, spec)
        expectRawRanges(bytes, message)
        if (opts.transport === '7bit') {
          expect(bytes.every((b) => b < 0x80)).toBe(true)
          expect(canonicalizeLineEndings(bytes)).toBe(bytes)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('reads back random subjects, display names and custom headers', () => {
    const headerText = fc
      .string({ unit: 'grapheme', maxLength: 120 })
      .filter((s) => !/[\r\n]/.test(s) && s.trim() === s)
    fc.assert(
      fc.property(headerText, headerText, fc.boolean(), (subject, name, utf8Headers) => {
        const bytes = composeMessage(
          {
            from: { name, address: 'a@example.org' },
            subject,
            text: 'x',
            headers: [['X-Note', subject]],
          },
          { utf8Headers },
        )
        const message = parseMessage(bytes)
        const decoded = (field: string): string | undefined =>
          message.headers.find((h) => h.name === field)?.decoded
        expect(decoded('Subject')).toBe(subject)
        expect(decoded('X-Note')).toBe(subject)
        for (const line of new TextDecoder().decode(bytes).split('\r\n'))
          expect(line.length).toBeLessThanOrEqual(998)
      }),
      { numRuns: 200 },
    )
  })

  it('keeps the raw bytes of every part of a message with binary bodies exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 5 }),
        (bodies) => {
          const spec: PartSpec = {
            multipart: 'mixed',
            parts: bodies.map((content) => ({ content })),
          }
          const bytes = composePart(spec, { transport: 'binary' })
          const message = parseMessage(bytes)
          expectRawRanges(bytes, message)
          expect(message.children.map((c) => c.content)).toEqual(bodies)
        },
      ),
    )
  })
})

describe('base64 against the lenient decoder', () => {
  it('decodes folded, padded input identically on the native and the lenient path', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 800, maxLength: 3000 }), (bytes) => {
        const folded = encodeBase64(bytes)
        expect(decodeBase64(folded).bytes).toEqual(bytes)
        // A stray character forces the lenient path, which must agree.
        const withJunk = new Uint8Array([...folded.subarray(0, 8), 0x2a, ...folded.subarray(8)])
        const lenient = decodeBase64(withJunk)
        expect(lenient.bytes).toEqual(bytes)
        expect(lenient.invalidCharacters).toBe(1)
      }),
      { numRuns: 50 },
    )
  })
})

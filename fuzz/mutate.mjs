// Seeded, deterministic mutations: the same seed gives the same inputs on every machine.
import { concat, mutateDer } from './der.mjs'

// Inputs stay below this size: bigger ones test the limits, not the parsers, and slow the run.
const MAX_INPUT_BYTES = 256 * 1024

/** A small PRNG (SplitMix32): deterministic, fast, good enough to pick mutations. */
export function createRng(seed) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x9e3779b9) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  const rng = {
    next,
    below: (n) => (n <= 0 ? 0 : next() % n),
    range: (lo, hi) => lo + rng.below(hi - lo + 1),
    chance: (p) => next() / 0x100000000 < p,
    pick: (list) => list[rng.below(list.length)],
    bytes: (n) => Uint8Array.from({ length: n }, () => next() & 0xff),
  }
  return rng
}

const latin1 = (bytes) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
const fromLatin1 = (s) => new Uint8Array(Buffer.from(s, 'latin1'))

const INTERESTING_BYTES = [
  0x00, 0x0a, 0x0d, 0x20, 0x3a, 0x2d, 0x3d, 0x7f, 0x80, 0xff, 0x30, 0x22, 0x3b, 0x09,
]

/** Plain byte edits: flips, interesting values, insertions, deletions, repeats, truncation. */
export function mutateBytes(input, rng) {
  let bytes = input.slice()
  const edits = rng.range(1, 4)
  for (let e = 0; e < edits; e++) {
    const at = rng.below(bytes.length + 1)
    switch (rng.below(7)) {
      case 0:
        if (at < bytes.length) bytes[at] ^= 1 << rng.below(8)
        break
      case 1:
        if (at < bytes.length) bytes[at] = rng.pick(INTERESTING_BYTES)
        break
      case 2:
        bytes = join(bytes.subarray(0, at), rng.bytes(rng.range(1, 8)), bytes.subarray(at))
        break
      case 3:
        bytes = join(
          bytes.subarray(0, at),
          bytes.subarray(Math.min(bytes.length, at + rng.range(1, 64))),
        )
        break
      case 4: {
        // a chunk repeated, sometimes many times
        const len = rng.range(1, 64)
        const chunk = bytes.subarray(at, at + len)
        const times = rng.chance(0.1) ? rng.range(50, 2000) : rng.range(1, 4)
        bytes = join(bytes.subarray(0, at), ...Array(times).fill(chunk), bytes.subarray(at))
        break
      }
      case 5:
        bytes = bytes.subarray(0, at)
        break
      default:
        if (at < bytes.length) bytes[at] = rng.below(256)
    }
  }
  return bytes
}

const join = (...pieces) => concat(pieces)

const HEADER_GAMES = [
  'From : evil@attacker.example',
  'From: evil@attacker.example',
  'From:\tEvil <evil@attacker.example>',
  'from :evil@attacker.example',
  'Sender: evil@attacker.example',
  'From: =?utf-8?B?Ym9zc0BleGFtcGxlLm9yZw==?= <evil@attacker.example>',
  'From evil@attacker.example Thu Jan  1 00:00:00 2026',
  'From: "a@b.example" <evil@attacker.example>, boss@example.org',
  'Content-Type: multipart/mixed; boundary=""',
  'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=x',
  'Content-Type: application/pkcs7-mime; smime-type=enveloped-data',
  'Content-Type: application/pkcs7-mime; smime-type=signed-data',
  'Content-Transfer-Encoding: base64',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Type: text/plain; charset=utf-7',
  'Content-Type: message/rfc822',
  "Content-Disposition: attachment; filename*0*=utf-8''%E2%82; filename*1=x.p7m",
  'X-Long: ' + 'a'.repeat(1200),
  'broken header line without colon',
  ' folded continuation at the start',
  ': empty name',
]

/** MIME games over the text: header lines, boundaries, line endings, base64 bodies. */
export function mutateMime(input, rng) {
  const text = latin1(input)
  const lines = text.split(/(?<=\n)/)
  if (lines.length === 0) return undefined
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const headerEnd = Math.max(
    0,
    lines.findIndex((l) => l === '\n' || l === '\r\n'),
  )
  const boundaries = [...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1])
  switch (rng.below(9)) {
    case 0: // a header game line inserted in the outer header block, or in a part's
      lines.splice(
        rng.chance(0.5) ? rng.below(headerEnd + 1) : rng.below(lines.length + 1),
        0,
        rng.pick(HEADER_GAMES) + eol,
      )
      break
    case 1: {
      // a header line duplicated or removed
      const i = rng.below(Math.max(1, headerEnd))
      if (rng.chance(0.5)) lines.splice(i, 0, lines[i])
      else lines.splice(i, 1)
      break
    }
    case 2: {
      // a delimiter line removed, duplicated, closed early, or with trailing junk
      if (boundaries.length === 0) return undefined
      const b = rng.pick(boundaries)
      const at = lines.map((l, i) => (l.startsWith('--' + b) ? i : -1)).filter((i) => i >= 0)
      if (at.length === 0) return undefined
      const i = rng.pick(at)
      const game = rng.below(4)
      if (game === 0) lines.splice(i, 1)
      else if (game === 1) lines.splice(i, 0, lines[i])
      else if (game === 2) lines[i] = `--${b}--${eol}`
      else lines[i] = `--${b}${rng.pick([' ', '\t', 'x', '--junk', '-'])}${eol}`
      break
    }
    case 3: {
      // the boundary parameter changed, or made a prefix of another
      if (boundaries.length === 0) return undefined
      const b = rng.pick(boundaries)
      const other = rng.pick([b.slice(0, -1), b + 'x', '', b.slice(0, 1), '-', 'a'.repeat(100)])
      return fromLatin1(
        text
          .replace(`boundary="${b}"`, `boundary="${other}"`)
          .replace(`boundary=${b}`, `boundary=${other}`),
      )
    }
    case 4: // line endings: all LF, all CRLF, or mixed
      return fromLatin1(
        rng.pick([
          () => text.replace(/\r\n/g, '\n'),
          () => text.replace(/\r?\n/g, '\r\n'),
          () => text.replace(/\r\n/g, () => (rng.chance(0.5) ? '\n' : '\r\n')),
          () => text.replace(/\r?\n/g, '\r'),
        ])(),
      )
    case 5: // the header/body separator removed, or an empty line inserted in the headers
      if (headerEnd > 0 && rng.chance(0.5)) lines.splice(headerEnd, 1)
      else lines.splice(rng.below(headerEnd + 1), 0, eol)
      break
    case 6: {
      // a header folded at a random place
      const i = rng.below(Math.max(1, headerEnd))
      const line = lines[i] ?? ''
      const cut = rng.below(line.length)
      lines[i] = line.slice(0, cut) + eol + rng.pick([' ', '\t', '']) + line.slice(cut)
      break
    }
    case 7: // a base64 body: its DER mutated and re-encoded, or its text broken
      return mutateBase64(text, rng)
    default: // 8-bit or control bytes in a header value
      if (headerEnd > 0) {
        const i = rng.below(headerEnd)
        lines[i] = lines[i].replace(
          /:/,
          ':' + rng.pick(['\xe4\xf6', '\xc3\x28', '\x00', '\x1b', '\xff\xfe', '\r']),
        )
      }
  }
  return fromLatin1(lines.join(''))
}

const toBase64 = (bytes) => Buffer.from(bytes).toString('base64')
/** Strict base64 (padding only at the end), else undefined. */
function fromBase64(text) {
  const compact = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

const BASE64_LINE = /^[A-Za-z0-9+/]{16,}={0,2}\r?$/

/** Runs of base64 lines, found line by line (a regex over the whole text backtracks badly). */
function base64Blocks(text) {
  const blocks = []
  let at = 0
  let block
  for (const line of text.split('\n')) {
    if (BASE64_LINE.test(line)) {
      block ??= { index: at, length: 0 }
      block.length = at + line.length + 1 - block.index
    } else if (block) {
      blocks.push(block)
      block = undefined
    }
    at += line.length + 1
  }
  if (block) blocks.push(block)
  return blocks.map((b) => ({ index: b.index, body: text.slice(b.index, b.index + b.length) }))
}

function mutateBase64(text, rng) {
  const blocks = base64Blocks(text)
  if (blocks.length === 0) return undefined
  const { index, body } = rng.pick(blocks)
  let replacement
  const der = fromBase64(body)
  if (der && rng.chance(0.7)) {
    const width =
      body
        .split('\n')
        .find((l) => l.trim().length > 0)
        ?.replace(/\r$/, '').length ?? 64
    const mutated = (rng.chance(0.7) && mutateDer(der, rng)) || mutateBytes(der, rng)
    const eol = body.includes('\r\n') ? '\r\n' : '\n'
    const b64 = toBase64(mutated)
    replacement = (b64.match(new RegExp(`.{1,${Math.max(4, width)}}`, 'g')) ?? []).join(eol) + eol
  } else {
    const at = rng.below(body.length)
    replacement =
      body.slice(0, at) +
      rng.pick(['=', '==', '!', '*', '=A', '\r\n\r\n', '-', '\x00']) +
      body.slice(at + rng.below(3))
  }
  return fromLatin1(text.slice(0, index) + replacement + text.slice(index + body.length))
}

// A mutated file may repeat its BEGIN line thousands of times: a few blocks are enough.
const MAX_PEM_BLOCKS = 16

/** PEM blocks as [bodyStart, bodyEnd) offsets, found with indexOf (a regex backtracks badly). */
function pemBlocks(text) {
  const blocks = []
  let at = 0
  while (blocks.length < MAX_PEM_BLOCKS) {
    const begin = text.indexOf('-----BEGIN ', at)
    if (begin < 0) break
    const lineEnd = text.indexOf('\n', begin)
    const end = lineEnd < 0 ? -1 : text.indexOf('-----END ', lineEnd)
    if (end < 0) break
    blocks.push([lineEnd + 1, end])
    at = end + 9
  }
  return blocks
}

/** A PEM block's DER mutated and written back as PEM; undefined when there is no PEM block. */
export function mutatePem(input, rng) {
  const text = latin1(input)
  const blocks = pemBlocks(text)
  if (blocks.length === 0) return undefined
  const [start, end] = rng.pick(blocks)
  const body = text
    .slice(start, end)
    .split(/\r?\n/)
    .filter((l) => !l.includes(':') && l.length > 0)
    .join('')
  const der = fromBase64(body)
  if (!der) return undefined // not base64: byte mutations will do
  const mutated = (rng.chance(0.8) && mutateDer(der, rng)) || mutateBytes(der, rng)
  const b64 = (toBase64(mutated).match(/.{1,64}/g) ?? []).join('\n')
  return fromLatin1(text.slice(0, start) + b64 + '\n' + text.slice(end))
}

/** A prefix of one input followed by a suffix of another, cut at line starts where possible. */
export function splice(a, b, rng) {
  const cutA = lineCut(a, rng)
  const cutB = lineCut(b, rng)
  return join(a.subarray(0, cutA), b.subarray(cutB))
}

function lineCut(bytes, rng) {
  const at = rng.below(bytes.length + 1)
  const lf = bytes.indexOf(0x0a, at)
  return rng.chance(0.7) && lf >= 0 ? lf + 1 : at
}

/**
 * One mutated input for a target: `kind` is `mime` (messages) or `der` (certificates, keys,
 * PKCS#12). Mutations are stacked now and then, as a few edits find more than one.
 */
export function mutate(seed, corpus, kind, rng) {
  let input = seed
  const rounds = rng.chance(0.25) ? rng.range(2, 4) : 1
  for (let r = 0; r < rounds; r++) {
    const choice = rng.below(10)
    let next
    if (choice < 2) next = mutateBytes(input, rng)
    else if (choice < 3) next = splice(input, rng.pick(corpus), rng)
    else if (kind === 'mime') next = mutateMime(input, rng)
    else next = input[0] === 0x30 ? mutateDer(input, rng) : mutatePem(input, rng)
    input = next ?? mutateBytes(input, rng)
  }
  return input.length > MAX_INPUT_BYTES ? input.subarray(0, MAX_INPUT_BYTES) : input
}

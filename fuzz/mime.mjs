// MIME games: header lines, boundaries, line endings, and base64 bodies whose DER is mutated.
import { mutateDer } from './der.mjs'
import { fromBase64, fromLatin1, latin1, mutateBytes, toBase64 } from './bytes.mjs'

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

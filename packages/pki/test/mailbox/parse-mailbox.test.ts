import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mailboxesEqual, parseMailbox, PkiError } from '@siegel/pki'
import { decodePunycode, encodePunycode } from '../../src/mailbox/punycode.js'
import { mailboxWithin } from '../../src/mailbox/mailbox-constraints.js'

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))

// RFC 3492 §7.1 sample strings (A, B, E, H, R) and the usual German example.
const PUNYCODE: [string, string][] = [
  ['ليهمابتكلموشعربي؟', 'egbpdaj6bu4bxfgehfvwxn'],
  ['他们为什么不说中文', 'ihqwcrb4cv8a8dqg056pqjye'],
  ['почемужеонинеговорятпорусски', 'b1abfaaepdrnnbgefbadotcwatmq2g4l'],
  ['3年b組金八先生', '3b-ww4c5e180e575a65lsy2b'],
  ['pafeliz', 'pafeliz-'],
  ['bücher', 'bcher-kva'],
]

describe('Punycode (RFC 3492)', () => {
  it.each(PUNYCODE)('encodes and decodes %s', (unicode, encoded) => {
    expect(encodePunycode(unicode)).toBe(encoded)
    expect(decodePunycode(encoded)).toBe(unicode)
  })

  it.each(['', '-abc', 'bcher-kv', '99999999999', 'abc!', 'a'.repeat(60)])(
    'refuses %j',
    (encoded) => {
      expect(decodePunycode(encoded)).toBeUndefined()
    },
  )

  it('round-trips any label (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), (label) => {
        const encoded = encodePunycode(label)
        if (encoded.length <= 59) expect(decodePunycode(encoded)).toBe(label)
      }),
    )
  })
})

describe('parseMailbox', () => {
  it.each([
    ['CEO@Example.ORG', 'CEO', 'example.org', 'example.org'],
    ['jörg@bücher.example', 'jörg', 'xn--bcher-kva.example', 'bücher.example'],
    ['erika@XN--BCHER-KVA.example', 'erika', 'xn--bcher-kva.example', 'bücher.example'],
    ['alice@BÜCHER.example', 'alice', 'xn--bcher-kva.example', 'bücher.example'],
    ['a.b+tag@example.org.', 'a.b+tag', 'example.org', 'example.org'],
    ['ceo@bu\u0308cher.example', 'ceo', 'xn--bcher-kva.example', 'bücher.example'],
    ['ceo@faß.de', 'ceo', 'xn--fa-hia.de', 'faß.de'],
    ['Grüße.Jörg+ß@example.org', 'Grüße.Jörg+ß', 'example.org', 'example.org'],
    // IANA's IDN test domain of the 2007 evaluation, 例子.测试.
    ['用户@例子.测试', '用户', 'xn--fsqu00a.xn--0zwm56d', '例子.测试'],
  ])('reads %s', (input, localPart, domain, unicodeDomain) => {
    expect(parseMailbox(input)).toEqual({
      localPart,
      domain,
      unicodeDomain,
      address: `${localPart}@${domain}`,
    })
  })

  it.each([
    ['no @', 'no-at-sign'],
    ['an empty local part', '@example.org'],
    ['an empty domain', 'ceo@'],
    ['two @', 'a@b@example.org'],
    ['a quoted local part', '"ceo@evil.com"@example.org'],
    ['an address literal', 'ceo@[192.0.2.1]'],
    ['a display name', 'CEO <ceo@example.org>'],
    ['fullwidth domain letters', 'ceo@ｅｘａｍｐｌｅ.org'],
    ['an ideographic full stop', 'ceo@example。org'],
    ['a fullwidth full stop', 'ceo@example．org'],
    ['the Kelvin sign', 'ceo@\u212Aey.org'],
    ['a dotted capital I', 'ceo@İstanbul.example'],
    ['a feminine ordinal', 'ceo@ªbc.example'],
    ['a right-to-left override', 'ce\u202Eo@example.org'],
    ['a fullwidth local part', 'ＣＥＯ@example.org'],
    ['a fullwidth at sign in the local part', 'ceo＠example.org@evil.com'],
    ['a Kelvin sign in the local part', '\u212Aate@example.org'],
    ['a symbol in the local part', 'ceo♥@example.org'],
    ['a zero-width space', 'ceo\u200B@example.org'],
    ['a zero-width joiner in the domain', 'ceo@exa\u200Dmple.org'],
    ['a space', 'ceo @example.org'],
    ['a trailing dot in the local part', 'ceo.@example.org'],
    ['a leading dot in the local part', '.ceo@example.org'],
    ['two dots in the local part', 'c..eo@example.org'],
    ['a non-NFC local part', 'jose\u0301@example.org'],
    ['a leading hyphen', 'ceo@-example.org'],
    ['a trailing hyphen', 'ceo@example-.org'],
    ['a reserved R-LDH label', 'ceo@ab--cd.org'],
    ['an underscore', 'ceo@exam_ple.org'],
    ['an empty label', 'ceo@example..org'],
    ['a 64-octet label', `ceo@${'a'.repeat(64)}.org`],
    ['a 65-octet local part', `${'x'.repeat(65)}@example.org`],
    ['a domain over 253 characters', `ceo@${'abcdefghi.'.repeat(26)}org`],
    ['an address over 320 characters', `${'x'.repeat(321)}@example.org`],
    ['invalid Punycode', 'ceo@xn--bcher-kv.example'],
    ['Punycode that overflows', 'ceo@xn--99999999999.example'],
    ['an A-label of an ASCII label', 'ceo@xn--abc-.example'],
    ['an A-label of a disallowed character', `ceo@xn--${encodePunycode('ｅxample')}.org`],
    ['an A-label of an upper-case U-label', `ceo@xn--${encodePunycode('bÜcher')}.example`],
    ['a leading combining mark', 'ceo@\u0308abc.example'],
    ['a symbol in the domain', 'ceo@i♥.example'],
  ])('refuses %s with ERR_PKI_INVALID_MAILBOX', (_, input) => {
    expect(() => parseMailbox(input)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_MAILBOX' }),
    )
  })

  it('refuses what is not a string with ERR_PKI_INVALID_INPUT', () => {
    expect(() => parseMailbox(42 as never)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
    expect(() => mailboxesEqual(null as never, 'a@example.org')).toThrow(PkiError)
  })

  it('gives the same A-labels as the WHATWG URL parser for valid lower-case domains (fast-check)', () => {
    const letters = [...'abcz09-üößéñçжди中文한국ไทย']
    const label = fc
      .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 12 })
      .map((a) => a.join(''))
    let compared = 0
    fc.assert(
      fc.property(label, (l) => {
        let ours: string
        try {
          ours = parseMailbox(`x@${l}.example`).domain
        } catch {
          return
        }
        expect(new URL(`http://${l}.example/`).hostname).toBe(ours)
        compared++
      }),
      { numRuns: 300 },
    )
    // Most generated labels are valid (only hyphen placement and a leading hyphen fail).
    expect(compared).toBeGreaterThan(100)
  })
})

describe('parseMailbox on arbitrary input (fast-check)', () => {
  const alphabet = [...'aZ09.-_@+"ßüÜｅеК\u212A\u0301\u200B\u202E。．xn-- ']
  const chars = (set: string, max: number) =>
    fc.array(fc.constantFrom(...set), { minLength: 1, maxLength: max }).map((a) => a.join(''))
  const shaped = fc
    .tuple(
      chars('abZ09.+_ßÜｅе\u0301\u200B', 8),
      fc.array(chars('abZ09-üÜｅеК\u212A\u0301', 8), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('.', '.', '.', '。'),
    )
    .map(([local, labels, dot]) => `${local}@${labels.join(dot)}`)
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }).map((a) => a.join('')),
    shaped,
  )

  it('returns a mailbox whose forms parse to themselves, or throws ERR_PKI_INVALID_MAILBOX', () => {
    let parsed = 0
    fc.assert(
      fc.property(text, (input) => {
        let mailbox
        try {
          mailbox = parseMailbox(input)
        } catch (error) {
          expect(error).toMatchObject({ code: 'ERR_PKI_INVALID_MAILBOX' })
          return
        }
        parsed++
        const again = parseMailbox(mailbox.address)
        expect(again).toEqual(mailbox)
        expect(parseMailbox(`${mailbox.localPart}@${mailbox.unicodeDomain}`)).toEqual(mailbox)
        expect(mailboxesEqual(input, mailbox.address)).toBe(true)
      }),
      { numRuns: 2000 },
    )
    expect(parsed).toBeGreaterThan(20)
  })
})

describe('mailboxesEqual', () => {
  it.each([
    ['CEO@Example.ORG', 'CEO@example.org', true, true],
    ['CEO@Example.ORG', 'ceo@example.org', false, true],
    ['ＣＥＯ@example.org', 'ceo@example.org', false, false],
    ['Jörg@example.org', 'jörg@example.org', false, true],
    ['jÖrg@example.org', 'jörg@example.org', false, false],
    ['ceo@bücher.example', 'ceo@xn--bcher-kva.example', true, true],
    ['ceo@еxample.org', 'ceo@example.org', false, false], // Cyrillic е
    ['ceo@example.org.', 'ceo@example.org', true, true],
    ['ß@example.org', 'ss@example.org', false, false],
    ['ceo@faß.de', 'ceo@fass.de', false, false],
    ['not an address', 'not an address', false, false],
  ])('%s vs %s: %s (exact), %s (ASCII case-insensitive)', (a, b, exact, folded) => {
    expect(mailboxesEqual(a, b)).toBe(exact)
    expect(mailboxesEqual(b, a)).toBe(exact)
    expect(mailboxesEqual(a, b, { localPart: 'ascii-case-insensitive' })).toBe(folded)
  })

  it('accepts parsed mailboxes', () => {
    expect(mailboxesEqual(parseMailbox('a@BÜCHER.example'), 'a@xn--bcher-kva.example')).toBe(true)
  })
})

describe('rfc822Name constraints (RFC 5280 §4.2.1.10, RFC 9598 §6)', () => {
  it.each([
    ['ceo@example.org', 'example.org', true],
    ['ceo@mail.example.org', 'example.org', false], // a host constraint is that host only
    ['ceo@example.org', '.example.org', false], // a domain constraint is the hosts below it
    ['ceo@mail.example.org', '.example.org', true],
    ['ceo@evilexample.org', '.example.org', false],
    ['ceo@example.org', 'ceo@example.org', true],
    ['CEO@example.org', 'ceo@example.org', false],
    ['ceo@EXAMPLE.org', 'ceo@example.ORG', true],
    ['ceo@mail.example.org', 'ceo@example.org', false],
    ['ceo@bücher.example', 'xn--bcher-kva.example', true],
    ['jörg@bücher.example', '.example', true],
    ['jörg@bücher.example', 'jörg@xn--bcher-kva.example', undefined], // not ASCII
    ['ceo@example.org', 'EXAMPLE.ORG', true],
    ['ceo@example.org', '', true],
    ['ceo@example.org', 'exam_ple.org', undefined],
    ['ceo@example.org', 'xn--bcher-kv.example', undefined],
  ])('%s within %j: %s', (address, constraint, expected) => {
    expect(mailboxWithin(parseMailbox(address), ascii(constraint))).toBe(expected)
  })
})

import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { getHeader, MimeError, parseMessage } from '@siegel/mime'

const codes = (message: string): string[] => parseMessage(message).problems.map((p) => p.code)
const fromOf = async (message: string): Promise<string | undefined> =>
  (await PostalMime.parse(message)).from?.address

describe('sender header games', () => {
  it('reads "From : a@b" (space before the colon) as a From field, not as an mbox separator', async () => {
    const message = 'From : evil@attacker.example\r\nSubject: x\r\n\r\nbody'
    const parsed = parseMessage(message)
    expect(getHeader(parsed, 'from')).toBe('evil@attacker.example')
    expect(parsed.problems.map((p) => p.code)).not.toContain('MBOX_FROM_LINE')
    // The other reader agrees about the sender.
    expect(await fromOf(message)).toBe('evil@attacker.example')
  })

  it('still skips a real mbox separator line, tabs before the colon or not', () => {
    expect(codes('From a@b.example Mon Jan 1 00:00:00 2024\nSubject: x\n\nb')).toEqual([
      'MBOX_FROM_LINE',
    ])
    expect(getHeader(parseMessage('From\t:\tevil@attacker.example\n\nb'), 'from')).toBe(
      'evil@attacker.example',
    )
  })

  it('reports a second From or Sender with DUPLICATE_SENDER_HEADER', async () => {
    const message =
      'From : evil@attacker.example\r\nFrom: boss@example.org\r\nSender: a@example.org\r\n' +
      'Sender: b@example.org\r\n\r\nbody'
    const problems = parseMessage(message).problems
    expect(problems.map((p) => p.code)).toEqual([
      'DUPLICATE_SENDER_HEADER',
      'DUPLICATE_SENDER_HEADER',
    ])
    expect(problems[0]!.offset).toBe(message.indexOf('From: boss'))
    // postal-mime shows the first From: which one a reader takes is not agreed on.
    expect(await fromOf(message)).toBe('evil@attacker.example')
  })

  it('reports a From line that a stray header line hid from this parser with HIDDEN_SENDER_HEADER', async () => {
    for (const message of [
      'Subject: x\r\nX Y: not a field name\r\nFrom: evil@attacker.example\r\n\r\nbody',
      ' From: evil@attacker.example\r\nSubject: x\r\n\r\nbody',
      'Subject: x\r\nX-\u00e4: y\r\nFrom\u0000: evil@attacker.example\r\n\r\nbody',
    ]) {
      const parsed = parseMessage(message)
      expect(getHeader(parsed, 'from')).toBeUndefined()
      expect(parsed.problems.map((p) => p.code)).toContain('HIDDEN_SENDER_HEADER')
    }
    // postal-mime reads the line as the sender.
    expect(
      await fromOf('Subject: x\r\nX Y: not a field name\r\nFrom: evil@attacker.example\r\n\r\nb'),
    ).toBe('evil@attacker.example')
  })

  it('reports a From continued on a line without white space with MALFORMED_SENDER_HEADER', async () => {
    // Found by the fuzzer: this parser reads the second line as a badly wrapped continuation,
    // postal-mime ends the From at the line break.
    const message =
      'From: manager@bigcorporat\r\nion.de <eve@bigcorporation.de>\r\nSubject: x\r\n\r\nbody'
    expect(codes(message)).toEqual(['INVALID_HEADER_LINE', 'MALFORMED_SENDER_HEADER'])
    expect(await fromOf(message)).toBe('manager@bigcorporat')
    expect(codes('From: a@example.org,\r\n b@example.org\r\n\r\nx')).toEqual([])
  })

  it('does not report a From line in the body after the empty separator line', () => {
    expect(codes('From: a@example.org\r\n\r\nFrom: quoted@example.org\r\n')).toEqual([])
    expect(codes('Subject: x\r\nno colon here\r\n\r\nFrom: body@example.org\r\n')).toEqual([
      'INVALID_HEADER_LINE',
    ])
  })

  it('throws ERR_MIME_MALFORMED for a duplicate From in strict mode', () => {
    expect(() =>
      parseMessage('From: a@example.org\r\nFrom: b@example.org\r\n\r\nx', { strict: true }),
    ).toThrow(expect.objectContaining({ code: 'ERR_MIME_MALFORMED' }) as MimeError)
  })
})

// The README's compose and parse examples, run as written (with stand-in file bytes).
import { describe, expect, it } from 'vitest'
import { collectContent, composeMessage, parseMessage } from '@siegel/mime'

const logoPng = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)
const pdfBytes = new TextEncoder().encode('%PDF-1.7\n')

describe('README examples', () => {
  it('composes and parses as the README shows', () => {
    const eml = composeMessage({
      from: { name: 'Jörg Müller', address: 'joerg@example.de' },
      to: 'b@example.org',
      subject: 'Unterlagen',
      text: 'Hallo, anbei die Unterlagen.',
      html: '<p>Hallo, anbei die Unterlagen.</p><img src="cid:logo@example.de">',
      attachments: [
        { content: logoPng, contentType: 'image/png', contentId: 'logo@example.de' },
        { content: pdfBytes, contentType: 'application/pdf', filename: 'Übersicht 2026.pdf' },
      ],
    })
    expect(eml.every((b) => b < 0x80)).toBe(true)

    const message = parseMessage(eml)
    expect(message.problems).toEqual([])
    expect(message.contentType.mediaType).toBe('multipart/mixed')
    expect(message.children[0]!.contentType.mediaType).toBe('multipart/alternative')
    const { text, html, attachments } = collectContent(message)
    expect(text).toBe('Hallo, anbei die Unterlagen.')
    expect(html).toContain('cid:logo@example.de')
    expect(attachments.map((file) => [file.filename, file.content.length])).toEqual([
      [undefined, logoPng.length],
      ['Übersicht 2026.pdf', pdfBytes.length],
    ])
  })
})

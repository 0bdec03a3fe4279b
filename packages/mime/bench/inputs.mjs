// Benchmark inputs: a message with a short text part and one large base64 attachment, the
// shape of most large mail. Bytes come from a fixed LCG so every run parses the same input.
import { composeMessage } from '@siegel/mime'

export const SIZES = [
  ['10 KiB', 10 * 1024],
  ['1 MiB', 1024 * 1024],
  ['10 MiB', 10 * 1024 * 1024],
  ['100 MiB', 100 * 1024 * 1024],
]

export function randomBytes(length, seed = 1) {
  const out = new Uint8Array(length)
  let x = seed >>> 0
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** The attachment and text for a message of about `size` bytes once encoded. */
export function messageSpec(size) {
  const text = 'Sehr geehrte Damen und Herren, anbei die Unterlagen. Grüße!\n'.repeat(
    Math.max(1, Math.min(40, Math.floor(size / 4000))),
  )
  // base64 with CRLF every 76 characters is 78/57 of the data.
  const attachment = randomBytes(
    Math.max(0, Math.floor(((size - 2 * text.length - 1200) * 57) / 78)),
  )
  return {
    from: { name: 'Landratsamt Musterstadt', address: 'post@lra.example.de' },
    to: 'joerg@partner.example',
    subject: 'Unterlagen zum Antrag',
    date: new Date(Date.UTC(2026, 10, 27)),
    messageId: 'bench@lra.example.de',
    text,
    attachments: [{ content: attachment, filename: 'Anlage.pdf', contentType: 'application/pdf' }],
  }
}

export function makeMessage(size) {
  return composeMessage(messageSpec(size))
}

import { PkiError } from '../errors.js'

const textDecoder = new TextDecoder()
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g

/** One PEM block: its label (`CERTIFICATE`, `PRIVATE KEY`, ...) and the DER it holds. */
export interface PemBlock {
  label: string
  der: Uint8Array
}

/**
 * Reads every PEM block in a text (RFC 7468), skipping explanatory text between blocks.
 *
 * Reachable from `@siegel/pki`.
 * @param input - PEM text, as a string or bytes
 * @returns the blocks in order; empty if there are none
 * @throws PkiError `ERR_PKI_INVALID_PEM` if a block's base64 is invalid
 * @example
 * ```ts
 * const [block] = decodePem(pemText) // { label: 'CERTIFICATE', der: Uint8Array }
 * ```
 */
export function decodePem(input: string | Uint8Array): PemBlock[] {
  const text = typeof input === 'string' ? input : textDecoder.decode(input)
  const blocks: PemBlock[] = []
  for (const match of text.matchAll(PEM_BLOCK)) {
    // RFC 7468 §2: headers such as "Proc-Type:" (old encrypted PEM) precede the base64.
    const body = match[2]!.replace(/^[^\n]*:[^\n]*$/gm, '').replace(/\s+/g, '')
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) {
      throw new PkiError(
        'ERR_PKI_INVALID_PEM',
        `the ${match[1]} block holds characters that are not base64`,
      )
    }
    let der: Uint8Array
    try {
      der = base64ToBytes(body)
    } catch (cause) {
      // atob refuses base64 of a length that cannot be (RFC 4648 §4: 4n characters).
      throw new PkiError('ERR_PKI_INVALID_PEM', `the ${match[1]} block's base64 is cut short`, {
        cause,
      })
    }
    blocks.push({ label: match[1]!, der })
  }
  return blocks
}

/**
 * Writes DER as a PEM block with 64-character lines and LF line endings (RFC 7468).
 *
 * Reachable from `@siegel/pki`.
 * @param label - the block label, e.g. `CERTIFICATE`
 * @param der - the DER bytes
 * @returns the PEM text, ending with a newline
 * @example
 * ```ts
 * encodePem('CERTIFICATE', certificate.der)
 * ```
 */
export function encodePem(label: string, der: Uint8Array): string {
  const base64 = bytesToBase64(der)
  const lines = base64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/**
 * DER bytes from DER, PEM bytes or a PEM string. PEM must hold a block with one of `labels`.
 */
export function derFrom(
  input: Uint8Array | string,
  labels: readonly string[],
  what: string,
): Uint8Array {
  const looksLikePem =
    typeof input === 'string' || (input instanceof Uint8Array && startsWithPem(input))
  if (!looksLikePem) {
    if (input instanceof Uint8Array) return input
    throw new PkiError(
      'ERR_PKI_INVALID_INPUT',
      `expected ${what} as Uint8Array (DER or PEM) or a PEM string`,
    )
  }
  const blocks = decodePem(input)
  const block = blocks.find((b) => labels.includes(b.label))
  if (!block) {
    const found = blocks.map((b) => b.label).join(', ') || 'no PEM block'
    throw new PkiError(
      'ERR_PKI_INVALID_PEM',
      `expected a PEM block labelled ${labels.join(' or ')}, found ${found}`,
    )
  }
  return block.der
}

function startsWithPem(bytes: Uint8Array): boolean {
  // DER starts with a SEQUENCE tag (0x30); PEM text contains "-----BEGIN" near the start.
  return bytes[0] !== 0x30 && textDecoder.decode(bytes.subarray(0, 4096)).includes('-----BEGIN')
}

function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

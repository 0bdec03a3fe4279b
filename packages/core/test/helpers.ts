import { Certificate, importPrivateKey } from '@siegel/pki'
import type { Signer } from '@siegel/core'
import { testPki } from './fixtures/test-pki.js'

export const root: Certificate = Certificate.from(testPki.root)
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b)

type User = 'alice' | 'bob' | 'carol' | 'dave'

/** A signer from the test PKI, with the issuing CA as chain. */
export async function signer(
  user: User,
  options?: Parameters<typeof importPrivateKey>[1],
): Promise<Signer> {
  return {
    certificate: testPki[user],
    privateKey: await importPrivateKey(testPki[`${user}Key`], options),
    chain: [testPki.intermediate],
  }
}

/**
 * Puts a signed message's signed entity into a multipart/mixed beside unsigned text parts, as
 * an attacker does ("MIME wrapping") or a mailing list that appends a footer part.
 */
export function wrapSigned(signed: string, unsigned: { before?: string; after?: string }): string {
  const headerEnd = signed.indexOf('\r\n\r\n')
  const keep = signed
    .slice(0, headerEnd)
    .split('\r\n')
    .filter((l) => /^(From|To|Subject|Date|Message-ID):/i.test(l))
  const bodyStart = signed.search(/^Content-Type: (multipart\/signed|application\/pkcs7-mime)/im)
  const textPart = (text: string): string[] => [
    '--wrap',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    text,
  ]
  return [
    ...keep,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="wrap"',
    '',
    ...(unsigned.before !== undefined ? textPart(unsigned.before) : []),
    '--wrap',
    signed.slice(bodyStart).trimEnd(),
    ...(unsigned.after !== undefined ? textPart(unsigned.after) : []),
    '--wrap--',
    '',
  ].join('\r\n')
}

/** `size` pseudo-random bytes (xorshift32): fast at hundreds of MiB, never all alike. */
export function pseudoRandomBytes(size: number): Uint8Array {
  const data = new Uint8Array(size)
  const words = new Uint32Array(data.buffer, 0, size >> 2)
  let x = 0x2545f491
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x >>> 0
  }
  return data
}

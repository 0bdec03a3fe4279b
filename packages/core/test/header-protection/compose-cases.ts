// Messages composed with header protection, one for every Header Confidentiality Policy and
// every kind of protection, shared by the structure tests and the OpenSSL/gpgsm tests.
import { Certificate } from '@siegel/pki'
import {
  decryptMessage,
  loadIdentity,
  protectMessage,
  type HeaderConfidentialityPolicy,
  type Identity,
  type ProtectOptions,
} from '@siegel/core'
import { composeMessage, parseMessage, type MimeHeader, type MimePart } from '@siegel/mime'
import { testPki } from '../fixtures/test-pki.js'
import { root } from '../helpers.js'

export const policies: readonly HeaderConfidentialityPolicy[] = [
  'hcp_baseline',
  'hcp_shy',
  'hcp_no_confidentiality',
]
export type Kind = 'signed' | 'encrypted' | 'signed+encrypted'
export const kinds: readonly Kind[] = ['signed', 'encrypted', 'signed+encrypted']

export const alice: Identity = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
export const bob: Identity = await loadIdentity({
  certificate: testPki.bob,
  privateKey: testPki.bobKey,
  chain: [testPki.intermediate],
})

/** The message before protection: every header field RFC 9788 §2 speaks of, text and HTML. */
export const original: Uint8Array = composeMessage({
  from: { name: 'Alice Amtmann', address: 'alice@example.org' },
  to: { name: 'Bob Bürger', address: 'bob@example.org' },
  cc: 'carol@example.org',
  replyTo: 'poststelle@example.org',
  subject: 'Bescheid über die Baugenehmigung 4711',
  date: new Date('2026-03-04T05:06:07+01:00'),
  messageId: 'bescheid-4711@example.org',
  inReplyTo: 'antrag-4711@example.org',
  references: ['antrag-4711@example.org'],
  headers: [
    ['Keywords', 'Baugenehmigung'],
    ['Comments', 'nur für die Akte'],
  ],
  text: 'Sehr geehrter Herr Bürger,\nanbei der Bescheid.\n',
  html: '<html><head><title></title></head><body>\n<p>Sehr geehrter Herr Bürger,</p>\n</body></html>\n',
})

/**
 * The original, protected: signed by alice and/or encrypted to bob and (as sender copy) alice.
 * Encryption uses AES-256-CBC and RSA PKCS#1 v1.5 for alice, which gpgsm 2.2 reads.
 */
export async function compose(
  kind: Kind,
  policy: HeaderConfidentialityPolicy,
  extra: Partial<ProtectOptions> = {},
): Promise<Uint8Array> {
  return protectMessage(original, {
    ...(kind !== 'encrypted' ? { signWith: alice } : {}),
    ...(kind !== 'signed'
      ? {
          encryptFor: [bob.certificate],
          encryptToSelf: alice.certificate,
          contentEncryption: 'AES-256-CBC' as const,
          rsaPadding: 'pkcs1' as const,
          trustAnchors: [root],
          intermediates: [Certificate.from(testPki.intermediate)],
        }
      : {}),
    headerProtection: { policy },
    ...extra,
  })
}

/** The outer header fields and the Cryptographic Payload (the entity carrying hp=...). */
export async function payloadOf(
  eml: Uint8Array,
  kind: Kind,
): Promise<{ outer: MimeHeader[]; payload: MimePart }> {
  const outer = parseMessage(eml)
  const inner = kind === 'signed' ? outer : (await decryptMessage(eml, bob)).entity
  const payload = kind === 'encrypted' ? inner : inner.children[0]!
  return { outer: outer.headers, payload }
}

/** `name: value` of the fields that are not about the MIME structure (RFC 9788 §1.1.2). */
export function fieldLines(headers: readonly MimeHeader[]): string[] {
  return headers
    .filter((h) => !/^(content-|mime-version$|hp-outer$)/i.test(h.name))
    .map((h) => `${h.name}: ${h.value}`)
}

/** The values of the HP-Outer fields, as `name: value`. */
export function hpOuterLines(headers: readonly MimeHeader[]): string[] {
  return headers.filter((h) => /^hp-outer$/i.test(h.name)).map((h) => h.value)
}

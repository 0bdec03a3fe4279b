import { describe, expect, it } from 'vitest'
import {
  describeError,
  describeLayers,
  formatMessage,
  MESSAGES_DE,
  MESSAGES_EN,
  openMessage,
  protectMessage,
  loadIdentity,
  SmimeError,
  PkiError,
  type Messages,
} from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { root, wrapSigned, dec } from '../helpers.js'

const alice = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
const spec = { from: 'alice@example.org', to: 'amt@example.de', subject: 'Antrag', text: 'Hallo\n' }
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)

describe('message catalogues', () => {
  it('has every key in English and German, none empty, with the same placeholders', () => {
    const keys = Object.keys(MESSAGES_EN).sort()
    expect(Object.keys(MESSAGES_DE).sort()).toEqual(keys)
    for (const key of keys as (keyof Messages)[]) {
      expect(MESSAGES_EN[key].trim(), key).not.toBe('')
      expect(MESSAGES_DE[key].trim(), key).not.toBe('')
      expect(placeholders(MESSAGES_DE[key]).sort(), key).toEqual(
        placeholders(MESSAGES_EN[key]).sort(),
      )
    }
    // The summaries, the general sentence, and one sentence per error code of the three packages.
    expect(keys.filter((k) => k.startsWith('ERR_')).length).toBeGreaterThanOrEqual(60)
  })

  it('writes the summary of openMessage in German when asked', async () => {
    const eml = await protectMessage(spec, { signWith: alice })
    const opened = await openMessage(eml, { trustAnchors: [root], messages: MESSAGES_DE })
    expect(opened.summary).toBe(
      'Signiert von alice@example.org · vertrauenswürdig über Siegel Test Root CA',
    )
    expect(describeLayers(opened.layers)).toBe(
      'Signed by alice@example.org · trusted via Siegel Test Root CA',
    )
    const untrusted = await openMessage(eml, { bundledAnchors: false, messages: MESSAGES_DE })
    expect(untrusted.summary).toMatch(
      /^Signiert von alice@example\.org · NICHT vertrauenswürdig \(ERR_PKI_/,
    )
    const partial = await openMessage(wrapSigned(dec(eml), { after: 'Fußzeile' }), {
      trustAnchors: [root],
      messages: MESSAGES_DE,
    })
    expect(partial.summary).toBe(
      'Nur ein TEIL der Nachricht ist signiert, von alice@example.org · der Rest ist NICHT signiert · vertrauenswürdig über Siegel Test Root CA',
    )
    expect(describeLayers([], MESSAGES_DE)).toBe('Weder signiert noch verschlüsselt')
  })

  it('takes a catalogue of the caller’s own', async () => {
    const eml = await protectMessage(spec, { signWith: alice })
    const mine: Messages = { ...MESSAGES_EN, 'summary.signed': '✔ {signers} ({trust})' }
    const opened = await openMessage(eml, { trustAnchors: [root], messages: mine })
    expect(opened.summary).toBe('✔ alice@example.org (trusted via Siegel Test Root CA)')
  })

  it('describes errors by code, in either language', async () => {
    const encrypted = await protectMessage(spec, {
      encryptFor: [alice.certificate],
      trustAnchors: [root],
      intermediates: alice.chain,
    })
    const error = await openMessage(encrypted).catch((e: unknown) => e)
    expect(describeError(error, MESSAGES_DE)).toBe(
      'Die Nachricht ist verschlüsselt: zum Öffnen wird Ihr Schlüssel gebraucht.',
    )
    expect(describeError(new PkiError('ERR_PKI_EXPIRED', 'x'))).toBe('The certificate has expired.')
    expect(describeError(new SmimeError('ERR_SMIME_DIGEST_MISMATCH', 'x'), MESSAGES_DE)).toBe(
      'Der Inhalt wurde nach dem Signieren verändert.',
    )
    expect(describeError(new TypeError('boom'), MESSAGES_DE)).toBe(
      'Ein unerwarteter Fehler ist aufgetreten.',
    )
    expect(describeError({ code: 'toString' })).toBe('An unexpected error occurred.')
    expect(formatMessage('{a} und {b}', { a: 'eins' })).toBe('eins und {b}')
  })
})

import { describe, expect, it } from 'vitest'
import { composeMessage, getHeader } from '@siegel/mime'
import { loadIdentity, openMessage, protectMessage, signMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { dec, root, signer } from '../helpers.js'
import type { SecurityLayer, VerificationResult } from '@siegel/core'

/** The verification of a layer that must be a signed one. */
const verified = (layer: SecurityLayer): VerificationResult => {
  if (layer.kind !== 'signed') throw new Error(`expected a signed layer, got ${layer.kind}`)
  return layer.verification
}

const alice = await loadIdentity({
  certificate: testPki.alice,
  privateKey: testPki.aliceKey,
  chain: [testPki.intermediate],
})
const spec = {
  from: 'alice@example.org',
  to: 'office@example.de',
  subject: 'Antrag',
  text: 'Anbei mein Antrag.\n',
}

describe('protectMessage and openMessage', () => {
  it('signs from a spec, and opening shows the inner message with a one-line summary', async () => {
    const eml = await protectMessage(spec, { signWith: alice })
    const opened = await openMessage(eml, { trustAnchors: [root] })
    expect(opened.layers.map((l) => [l.kind, verified(l).status])).toEqual([['signed', 'valid']])
    expect(opened.summary).toBe('Signed by alice@example.org · trusted via Siegel Test Root CA')
    // Header protection is on by default: the signed entity says its headers are signed too.
    expect(getHeader(opened.message, 'content-type')).toBe('text/plain; charset=utf-8; hp="clear"')
    const plain = await protectMessage(spec, { signWith: alice, headerProtection: false })
    const openedPlain = await openMessage(plain, { trustAnchors: [root] })
    expect(getHeader(openedPlain.message, 'content-type')).toBe('text/plain; charset=utf-8')
  })

  it('peels a signature inside a signature (both layers, outermost first)', async () => {
    const once = await signMessage(composeMessage(spec), await signer('alice'))
    const twice = await signMessage(once, await signer('alice'), { form: 'opaque' })
    const opened = await openMessage(twice, { trustAnchors: [root] })
    expect(opened.layers.map((l) => verified(l).coverage.form)).toEqual(['opaque', 'detached'])
    expect(opened.layers.every((l) => verified(l).status === 'valid')).toBe(true)
    expect(dec(opened.message.raw)).toContain('Anbei mein Antrag.')
  })

  it('binds inner signatures to the outer From', async () => {
    const inner = await signMessage(composeMessage(spec), await signer('bob'))
    const outer = await signMessage(inner, await signer('alice'), { form: 'opaque' })
    const opened = await openMessage(outer, { trustAnchors: [root] })
    expect(opened.layers.map((l) => verified(l).status)).toEqual(['valid', 'sender-mismatch'])
    expect(opened.summary).toContain('NOT the sender shown (alice@example.org)')
  })

  it('describes untrusted, invalid and plain messages', async () => {
    const eml = await protectMessage(spec, { signWith: alice })
    expect((await openMessage(eml)).summary).toBe(
      'Signed by alice@example.org · NOT trusted (ERR_PKI_UNKNOWN_ISSUER)',
    )
    const tampered = dec(eml).replace('Anbei', 'Hier')
    expect((await openMessage(tampered, { trustAnchors: [root] })).summary).toBe(
      'Signature INVALID (ERR_SMIME_DIGEST_MISMATCH)',
    )
    expect((await openMessage(composeMessage(spec))).summary).toBe('Not signed, not encrypted')
  })

  it('rejects protectMessage without anything to protect with ERR_SMIME_INVALID_INPUT', async () => {
    await expect(protectMessage(spec, {})).rejects.toMatchObject({
      code: 'ERR_SMIME_INVALID_INPUT',
    })
  })
})

describe('openMessage learning into an address book', () => {
  it('files the certificate of a trusted, valid signer with its announced capabilities', async () => {
    const { CertificateDirectory } = await import('@siegel/pki')
    const directory = await CertificateDirectory.open()
    await openMessage(await protectMessage(spec, { signWith: alice }), {
      trustAnchors: [root],
      directory,
    })
    const [candidate] = directory.lookup('alice@example.org')
    expect(candidate?.certificate.subject).toBe('CN=Alice Example,O=Siegel Test,C=DE')
    expect(candidate?.preferredForEncryption).toBe(true)
    expect(candidate?.capabilities.map((c) => c.oid)[0]).toBe('2.16.840.1.101.3.4.1.46')
  })

  it('learns nothing from an untrusted or invalid signature', async () => {
    const { CertificateDirectory } = await import('@siegel/pki')
    const directory = await CertificateDirectory.open()
    const eml = await protectMessage(spec, { signWith: alice })
    await openMessage(eml, { directory })
    await openMessage(dec(eml).replace('Anbei', 'Hier'), { trustAnchors: [root], directory })
    expect(directory.addresses()).toEqual([])
  })
})

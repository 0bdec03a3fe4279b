import { describe, expect, it } from 'vitest'
import { Certificate, CertificateDirectory } from '@siegel/pki'
import { composeMessage } from '@siegel/mime'
import { encryptMessage, loadIdentity, openMessage, signMessage, verifyMessage } from '@siegel/core'
import { testPki } from '../fixtures/test-pki.js'
import { dec, root, signer, wrapSigned } from '../helpers.js'
import { vector } from '../vectors.js'

const spec = {
  from: 'alice@example.org',
  to: 'liste@lists.example.org',
  subject: 'Sitzung am Montag',
  text: 'Die Sitzung beginnt um 9 Uhr.\n',
}
// What Mailman and similar list servers append to a signed post: a footer part beside it.
const LIST_FOOTER = '_______________________________________________\r\nListe mailing list\r\n'
const signedByAlice = async (): Promise<string> =>
  dec(await signMessage(composeMessage(spec), await signer('alice')))
const bob = await loadIdentity({
  certificate: testPki.bob,
  privateKey: testPki.bobKey,
  chain: [testPki.intermediate],
})

describe('a signature over part of a message', () => {
  it('gets partially-signed for a signed post with a mailing-list footer', async () => {
    const posted = wrapSigned(await signedByAlice(), { after: LIST_FOOTER })
    const result = await verifyMessage(posted, { trustAnchors: [root] })
    expect(result.status).toBe('partially-signed')
    expect(result.signers[0]).toMatchObject({
      signature: { valid: true },
      chain: { trusted: true },
      sender: { matches: true },
    })
    expect(dec(result.coverage.signedPart.raw)).toContain('Die Sitzung beginnt um 9 Uhr.')
  })

  it('leads the summary of openMessage with the partial state, and shows the whole message', async () => {
    const posted = wrapSigned(await signedByAlice(), { after: LIST_FOOTER })
    const opened = await openMessage(posted, { trustAnchors: [root] })
    expect(opened.summary).toBe(
      'Only PART of the message is signed, by alice@example.org · the rest is NOT signed · trusted via Siegel Test Root CA',
    )
    expect(opened.message).toBe(opened.received)
  })

  it('teaches the address book nothing', async () => {
    const directory = await CertificateDirectory.open()
    const posted = wrapSigned(await signedByAlice(), { after: LIST_FOOTER })
    await openMessage(posted, { trustAnchors: [root], directory })
    expect(directory.addresses()).toEqual([])
    await openMessage(await signedByAlice(), { trustAnchors: [root], directory })
    expect(directory.addresses()).toEqual(['alice@example.org'])
  })

  it('ranks above untrusted and below sender-mismatch', async () => {
    const wrapped = wrapSigned(await signedByAlice(), { before: 'Bitte 900 EUR überweisen.' })
    const untrusted = await verifyMessage(wrapped, { trustAnchors: [], bundledAnchors: false })
    expect(untrusted.signers[0]!.chain?.trusted).toBe(false)
    expect(untrusted.status).toBe('partially-signed')
    expect((await openMessage(wrapped, { bundledAnchors: false })).summary).toMatch(
      /^Only PART of the message is signed, by alice@example\.org · the rest is NOT signed · NOT trusted \(ERR_PKI_/,
    )
    const byBob = dec(await signMessage(composeMessage(spec), await signer('bob')))
    const mismatch = await verifyMessage(wrapSigned(byBob, { after: LIST_FOOTER }), {
      trustAnchors: [root],
    })
    expect(mismatch.status).toBe('sender-mismatch')
  })

  it('never counts CBC content as authenticated through a partial signature inside', async () => {
    const posted = wrapSigned(await signedByAlice(), { after: LIST_FOOTER })
    const eml = await encryptMessage(posted, [bob.certificate], {
      contentEncryption: 'AES-256-CBC',
      trustAnchors: [root],
      intermediates: [Certificate.from(testPki.intermediate)],
    })
    const opened = await openMessage(eml, { identities: [bob], trustAnchors: [root] })
    expect(opened.layers).toMatchObject([
      { kind: 'encrypted', authenticated: false },
      { kind: 'signed', verification: { status: 'partially-signed' } },
    ])
    expect(opened.summary).toMatch(/^Encrypted \(AES-256-CBC, NOT authenticated\) · Only PART/)
  })
})

// "Johnny, You Are Fired" (USENIX Security 2019), MIME wrapping: the issuing CA is the anchor, at
// a time both certificates were valid (their root is not published).
describe('Johnny, You Are Fired: MIME wrapping in openMessage', () => {
  const anchor = Certificate.from(vector('johnny-fired/assets/certificates/intermediate_ca.crt'))
  const at = new Date('2020-01-01T00:00:00Z')

  it.each([
    '03-mime/m1-prepending-text/m1-smime.eml',
    '03-mime/m2-hiding-with-html/m2-smime-mix.eml',
    '03-mime/m3-hiding-in-reference/m3-smime.eml',
    '03-mime/m4-hiding-as-attachment/m4-smime.eml',
  ])('%s opens as partially signed, and the address book learns nothing', async (file) => {
    const directory = await CertificateDirectory.open()
    const opened = await openMessage(vector(`johnny-fired/${file}`), {
      trustAnchors: [anchor],
      at,
      directory,
    })
    expect(opened.layers).toMatchObject([
      { kind: 'signed', verification: { status: 'partially-signed' } },
    ])
    expect(opened.summary).toMatch(/^Only PART of the message is signed, by manager@/)
    expect(directory.addresses()).toEqual([])
  })

  it.each(['01-cms/valid_email_from_manager.eml', 'assets/valid-signed/manager-smime.eml'])(
    '%s stays valid',
    async (file) => {
      const opened = await openMessage(vector(`johnny-fired/${file}`), {
        trustAnchors: [anchor],
        at,
      })
      expect(opened.layers).toMatchObject([{ kind: 'signed', verification: { status: 'valid' } }])
      expect(opened.summary).toMatch(/^Signed by manager@bigcorporation\.de · trusted via/)
    },
  )
})

import { describe, expect, it } from 'vitest'
import { bundledAnchors, verifyCertificate, type TrustAnchor } from '@siegel/pki'
import { resolveAnchors } from '../../src/trust/resolve-anchors.js'
import { AT, certificateOf } from '../adversarial/cases.js'

const goodRoot = certificateOf('good.root')
const ncRoot = certificateOf('anc-nc.root')
const ncValue = ncRoot.extensions.find((e) => e.oid === '2.5.29.30')!.value
const good = { intermediates: [certificateOf('good.ca')], at: AT }
const nc = { intermediates: [certificateOf('anc-nc.ca')], at: AT }

describe('trust anchors', () => {
  it('trusts a path to an anchor given as name and key (RFC 5914), reporting both forms', async () => {
    const anchor: TrustAnchor = {
      subject: goodRoot.subjectDer,
      publicKeyInfo: goodRoot.publicKey.spki,
    }
    const verdict = await verifyCertificate(certificateOf('good.leaf'), {
      anchors: [anchor],
      ...good,
    })
    expect(verdict.trusted).toBe(true)
    if (!verdict.trusted) return
    expect(verdict.trustAnchor).toBe(anchor)
    expect(verdict.anchor.subject).toBe(goodRoot.subject)
    expect(verdict.anchor.publicKey.spki).toEqual(goodRoot.publicKey.spki)
  })

  it('applies nameConstraints given with a name-and-key anchor, and only those', async () => {
    const leaf = certificateOf('anc-nc.leaf-outside')
    const bare = { subject: ncRoot.subjectDer, publicKeyInfo: ncRoot.publicKey.spki }
    expect((await verifyCertificate(leaf, { anchors: [bare], ...nc })).trusted).toBe(true)
    const constrained = { ...bare, nameConstraints: ncValue }
    expect(await verifyCertificate(leaf, { anchors: [constrained], ...nc })).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_NAME_CONSTRAINT', data: { rule: 'permitted' } },
    })
  })

  it("requires one of the anchor's policies when it lists them (RFC 5937)", async () => {
    const anchors = [{ certificate: goodRoot, policies: ['1.3.6.1.4.1.55555.2.1'] }]
    const leaf = certificateOf('good.leaf')
    expect(await verifyCertificate(leaf, { anchors, ...good })).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_POLICY' },
    })
    const off = await verifyCertificate(leaf, { anchors, ...good, enforceAnchorConstraints: false })
    expect(off.trusted).toBe(true)
  })

  it('reports the configured anchor, never a copy of it from the pool', async () => {
    const copy = certificateOf('anc-nc.copy-good-sig')
    const verdict = await verifyCertificate(certificateOf('anc-nc.leaf-ok'), {
      anchors: [ncRoot],
      intermediates: [copy, ...nc.intermediates],
      at: AT,
    })
    expect(verdict).toMatchObject({ trusted: true, anchor: ncRoot, trustAnchor: ncRoot })
  })

  it('drops a copy of the anchor whose self-signature is broken, with a finding', async () => {
    const copy = certificateOf('anc-nc.copy-bad-sig')
    const verdict = await verifyCertificate(certificateOf('anc-nc.leaf-ok'), {
      anchors: [ncRoot],
      intermediates: [copy, ...nc.intermediates],
      at: AT,
    })
    expect(verdict).toMatchObject({ trusted: true, anchor: ncRoot })
    expect(verdict.findings).toContainEqual(
      expect.objectContaining({ code: 'ERR_PKI_BAD_SIGNATURE', certificate: copy }),
    )
  })

  it('ends paths at the first of several anchors with the same name and key', async () => {
    const leaf = certificateOf('good.leaf')
    const limited = { certificate: goodRoot, pathLength: 0 }
    expect(await verifyCertificate(leaf, { anchors: [limited, goodRoot], ...good })).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_PATH_LENGTH' },
    })
    expect(await verifyCertificate(leaf, { anchors: [goodRoot, limited], ...good })).toMatchObject({
      trusted: true,
      trustAnchor: goodRoot,
    })
  })

  it('takes the pathLenConstraint of an anchor certificate, the bundled root included', () => {
    const [bayern] = resolveAnchors([bundledAnchors()[0]!.certificate], true)
    expect(bayern).toMatchObject({ pathLength: 2, nameConstraints: undefined })
    expect(resolveAnchors([goodRoot], false)[0]).toMatchObject({ pathLength: undefined })
    expect(resolveAnchors([{ certificate: goodRoot, pathLength: 1 }], true)[0]!.pathLength).toBe(1)
  })

  it.each([
    ['no certificate and no key', { subject: goodRoot.subjectDer }],
    [
      'a subject that is not its certificate’s',
      { certificate: goodRoot, subject: ncRoot.issuerDer },
    ],
    [
      'a key that is not its certificate’s',
      { certificate: goodRoot, publicKeyInfo: new Uint8Array(3) },
    ],
    ['a negative pathLength', { certificate: goodRoot, pathLength: -1 }],
    [
      'malformed name and key',
      { subject: Uint8Array.of(0x30, 0), publicKeyInfo: Uint8Array.of(1) },
    ],
    ['empty nameConstraints', { certificate: goodRoot, nameConstraints: Uint8Array.of(0x30, 0) }],
    ['policies that are no OIDs', { certificate: goodRoot, policies: ['any'] }],
  ])('refuses an anchor with %s (ERR_PKI_INVALID_OPTION)', async (_, anchor) => {
    await expect(
      verifyCertificate(certificateOf('good.leaf'), { anchors: [anchor as TrustAnchor], ...good }),
    ).rejects.toMatchObject({ code: 'ERR_PKI_INVALID_OPTION' })
  })

  it('refuses a non-CA anchor with ERR_PKI_REFUSED_ANCHOR, inside a TrustAnchor too', async () => {
    const leaf = certificateOf('anc-nonca.leaf')
    const root = certificateOf('anc-nonca.root')
    for (const anchor of [root, { certificate: root }, { certificate: root, allowNonCa: false }])
      await expect(verifyCertificate(leaf, { anchors: [anchor], at: AT })).rejects.toMatchObject({
        code: 'ERR_PKI_REFUSED_ANCHOR',
      })
  })
})

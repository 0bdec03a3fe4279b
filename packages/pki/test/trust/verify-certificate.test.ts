import { describe, expect, it } from 'vitest'
import { Certificate, verifyCertificate } from '@siegel/pki'
import { testPki } from '../fixtures/test-pki.js'

const root = Certificate.from(testPki.root)
const intermediate = Certificate.from(testPki.intermediate)
const alice = Certificate.from(testPki.alice)
const bob = Certificate.from(testPki.bob)

describe('verifyCertificate (basic engine)', () => {
  it('finds the path leaf → issuing CA → root', async () => {
    const verdict = await verifyCertificate(alice, {
      anchors: [root],
      intermediates: [intermediate],
    })
    expect(verdict.trusted).toBe(true)
    if (verdict.trusted)
      expect(verdict.path.map((c) => c.subject)).toEqual([
        alice.subject,
        intermediate.subject,
        root.subject,
      ])
  })

  it('reports ERR_PKI_UNKNOWN_ISSUER without the intermediate or without anchors', async () => {
    for (const options of [{ anchors: [root] }, { anchors: [], intermediates: [intermediate] }]) {
      const verdict = await verifyCertificate(bob, options)
      expect(verdict).toMatchObject({ trusted: false, reason: { code: 'ERR_PKI_UNKNOWN_ISSUER' } })
    }
  })

  it('reports ERR_PKI_EXPIRED after the validity period and ERR_PKI_NOT_YET_VALID before it', async () => {
    const later = new Date(alice.notAfter.getTime() + 1000)
    const earlier = new Date(alice.notBefore.getTime() - 1000)
    expect(
      await verifyCertificate(alice, { anchors: [root], intermediates: [intermediate], at: later }),
    ).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_EXPIRED', certificate: alice },
    })
    expect(
      await verifyCertificate(alice, {
        anchors: [root],
        intermediates: [intermediate],
        at: earlier,
      }),
    ).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_NOT_YET_VALID' },
    })
  })

  it('reports ERR_PKI_NOT_A_CA when the issuer is an end-entity certificate', async () => {
    const mallory = Certificate.from(testPki.mallory)
    const verdict = await verifyCertificate(mallory, {
      anchors: [root],
      intermediates: [intermediate, alice],
    })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_NOT_A_CA', certificate: alice },
    })
  })

  it('reports ERR_PKI_BAD_SIGNATURE when an issuer with the right name did not sign', async () => {
    const impostor = Certificate.from(testPki.impostor)
    const verdict = await verifyCertificate(alice, { anchors: [root], intermediates: [impostor] })
    expect(verdict).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_BAD_SIGNATURE', certificate: alice },
    })
  })

  it('backtracks past a failing candidate to the right issuer', async () => {
    const impostor = Certificate.from(testPki.impostor)
    const verdict = await verifyCertificate(alice, {
      anchors: [root],
      intermediates: [impostor, intermediate],
    })
    expect(verdict.trusted).toBe(true)
  })

  it('accepts an anchor as its own path', async () => {
    expect(await verifyCertificate(root, { anchors: [root] })).toMatchObject({
      trusted: true,
      path: [root],
    })
  })
})

import { describe, expect, it } from 'vitest'
import { Certificate, decodePem, encodePem, PkiError } from '@siegel/pki'
import { testPki } from '../fixtures/test-pki.js'

describe('Certificate', () => {
  it('reads the fields of an S/MIME user certificate', () => {
    const alice = Certificate.from(testPki.alice)
    expect(alice.subject).toBe('CN=Alice Example,O=Siegel Test,C=DE')
    expect(alice.issuer).toBe('CN=Siegel Test Issuing CA,O=Siegel Test,C=DE')
    expect(alice.serialNumber).toBe('1001')
    expect(alice.emailAddresses).toEqual(['alice@example.org'])
    expect(alice.isCA).toBe(false)
    expect(alice.publicKey).toMatchObject({ type: 'RSA', modulusBits: 2048 })
    expect(alice.subjectKeyIdentifier).toHaveLength(20)
    expect(alice.notAfter.getTime()).toBeGreaterThan(alice.notBefore.getTime())
  })

  it('reads an EC certificate and a CA certificate', () => {
    expect(Certificate.from(testPki.bob).publicKey).toMatchObject({
      type: 'EC',
      namedCurve: 'P-256',
    })
    expect(Certificate.from(testPki.root).isCA).toBe(true)
  })

  it('reads DER and PEM bytes alike and writes PEM back', () => {
    const der = decodePem(testPki.alice)[0]!.der
    const fromDer = Certificate.from(der)
    expect(fromDer.der).toEqual(der)
    expect(Certificate.from(new TextEncoder().encode(testPki.alice)).der).toEqual(der)
    expect(fromDer.toPem()).toBe(encodePem('CERTIFICATE', der))
    expect(Certificate.from(fromDer.toPem()).serialNumber).toBe('1001')
  })

  it('keeps its own copy of the input bytes', () => {
    const der = decodePem(testPki.alice)[0]!.der
    const cert = Certificate.from(der)
    der[10] = der[10]! ^ 0xff
    expect(cert.der[10]).not.toBe(der[10])
  })

  it('rejects garbage with ERR_PKI_MALFORMED_CERTIFICATE', () => {
    expect(() => Certificate.from(new Uint8Array([0x30, 0x03, 1, 2, 3]))).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_MALFORMED_CERTIFICATE' }),
    )
  })

  it('rejects PEM without a certificate with ERR_PKI_INVALID_PEM', () => {
    expect(() => Certificate.from(testPki.aliceKey)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_PEM' }),
    )
    expect(() =>
      Certificate.from('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----'),
    ).toThrow(PkiError)
  })

  it('rejects input of the wrong type with ERR_PKI_INVALID_INPUT', () => {
    expect(() => Certificate.from(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_PKI_INVALID_INPUT' }),
    )
  })

  it('never crashes on truncated or mutated certificates', () => {
    const der = decodePem(testPki.alice)[0]!.der
    for (let n = 0; n < der.length; n += 37) {
      const mutated = der.slice()
      mutated[n] = mutated[n]! ^ 0x55
      for (const input of [der.subarray(0, n), mutated]) {
        try {
          Certificate.from(input)
        } catch (error) {
          expect(error).toBeInstanceOf(PkiError)
        }
      }
    }
  })
})

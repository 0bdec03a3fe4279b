// The CompressedData fixtures are what they claim to be by OpenSSL's reading (asn1parse), and
// what compressData writes is read by Python's zlib through fixtures/compressed/make.py.
import { describe, expect, it } from 'vitest'
import { compressData } from '@siegel/core'
import { compressedFiles } from '../fixtures/compressed.js'
import { openssl, scratch } from '../openssl.js'
import { pythonInflate } from '../python-zlib.js'

const dir = new URL('../fixtures/compressed/', import.meta.url).pathname

describe('CompressedData fixtures by openssl asn1parse', () => {
  it.each(compressedFiles.filter((f) => !f.startsWith('unknown')))(
    '%s is a ContentInfo of id-smime-ct-compressedData with zlib compression',
    (file) => {
      const parsed = openssl(['asn1parse', '-in', `${dir}${file}`])
      expect(parsed.ok, parsed.stderr).toBe(true)
      const out = parsed.stdout.toString()
      expect(out).toMatch(/OBJECT\s+:id-smime-ct-compressedData/)
      expect(out).toMatch(/OBJECT\s+:zlib compression/)
      expect(out).toMatch(/OBJECT\s+:pkcs7-data/)
    },
  )

  it('unknown-algorithm.p7z.pem names another algorithm', () => {
    const out = openssl(['asn1parse', '-in', `${dir}unknown-algorithm.p7z.pem`]).stdout.toString()
    expect(out).toMatch(/OBJECT\s+:1\.2\.840\.113549\.1\.9\.16\.3\.99/)
    expect(out).not.toMatch(/zlib compression/)
  })
})

describe('compressData read by others', () => {
  it('writes DER that openssl asn1parse reads and Python zlib inflates', async () => {
    const content = new TextEncoder().encode(
      'Content-Type: text/plain\r\n\r\n' + 'EDI '.repeat(5000),
    )
    const p7z = await compressData(content)
    const files = scratch()
    const parsed = openssl(['asn1parse', '-inform', 'DER', '-in', files.write('c.p7z', p7z)])
    expect(parsed.ok, parsed.stderr).toBe(true)
    expect(parsed.stdout.toString()).toMatch(/:id-smime-ct-compressedData[\s\S]*:zlib compression/)
    expect(pythonInflate(p7z)).toEqual(content)
  })
})

// The blinded, fixed-window RSA private operation gives exactly c^d mod n: checked through the
// public operation (m^e mod n = c) on edge values and random ones, with the key's CRT fields as
// WebCrypto exports them (JWK), so the reference is not our own key parser.
import { describe, expect, it } from 'vitest'
import { decodePem } from '@siegel/pki'
import { rsaPrivateOperation, toFixedBytes } from '../../src/lib/rsa-private-operation.js'
import { fixtureText } from '../fixtures/openssl-fixtures.js'

function fromBase64url(text: string): bigint {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const bytes = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  let hex = '0'
  for (const c of bytes) hex += c.charCodeAt(0).toString(16).padStart(2, '0')
  return BigInt(`0x${hex}`)
}

function publicPow(m: bigint, e: bigint, n: bigint): bigint {
  let result = 1n
  for (let b = m % n, x = e; x > 0n; x >>= 1n, b = (b * b) % n)
    if (x & 1n) result = (result * b) % n
  return result
}

function fromBytes(bytes: Uint8Array): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n)
}

async function jwkKey(pem: string) {
  const der = decodePem(pem)[0]!.der as Uint8Array<ArrayBuffer>
  const params = { name: 'RSA-OAEP', hash: 'SHA-256' }
  const key = await crypto.subtle.importKey('pkcs8', der, params, true, ['decrypt'])
  const jwk = await crypto.subtle.exportKey('jwk', key)
  const [n, e, d, p, q, dp, dq, qInv] = [
    jwk.n,
    jwk.e,
    jwk.d,
    jwk.p,
    jwk.q,
    jwk.dp,
    jwk.dq,
    jwk.qi,
  ].map((v) => fromBase64url(v!))
  return { n: n!, e: e!, d: d!, p: p!, q: q!, dp: dp!, dq: dq!, qInv: qInv! }
}

describe('rsaPrivateOperation', () => {
  it('computes c^d mod n for edge values and random ones, as k bytes', async () => {
    const key = await jwkKey(fixtureText('full.key.pem'))
    const k = 256
    const random = Array.from(
      { length: 20 },
      () => fromBytes(crypto.getRandomValues(new Uint8Array(k))) % key.n,
    )
    // 0 and 1, n − 1, multiples of p and q (c ≡ 0 on one CRT half), small values.
    const edges = [0n, 1n, 2n, key.n - 1n, key.p, key.q, key.p * 2n, 255n, 1n << 2000n]
    for (const c of [...edges, ...random]) {
      const m = rsaPrivateOperation(key, c, k, crypto)
      expect(m).toHaveLength(k)
      expect(publicPow(fromBytes(m), key.e, key.n)).toBe(c)
    }
  })

  it('gives the same result on every call although each call is blinded afresh', async () => {
    const key = await jwkKey(fixtureText('full.key.pem'))
    const c = fromBytes(crypto.getRandomValues(new Uint8Array(256))) % key.n
    const first = rsaPrivateOperation(key, c, 256, crypto)
    for (let i = 0; i < 5; i++) expect(rsaPrivateOperation(key, c, 256, crypto)).toEqual(first)
  })
})

describe('toFixedBytes', () => {
  it.each([
    [0n, 3, [0, 0, 0]],
    [1n, 1, [1]],
    [0x0102n, 4, [0, 0, 1, 2]],
    [(1n << 72n) - 1n, 9, Array(9).fill(0xff)],
    [0x01_00000000_00000000n, 12, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]],
  ])('writes %s as %i big-endian bytes', (value, length, expected) => {
    expect(Array.from(toFixedBytes(value, length))).toEqual(expected)
  })
})

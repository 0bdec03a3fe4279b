// Files of a few KiB that ask for hours of key derivation (issue: hostile input must not hang
// Siegel). Each must end at once in a typed error, with the right password and a wrong one.
import { describe, expect, it } from 'vitest'
import { LimitExceededError, readPkcs12, readPrivateKey, type PkiLimit } from '@siegel/pki'
import { hostileFixture, hostileFixtureNames } from '../fixtures/hostile-fixtures.js'

type Expected = { code: string; limit?: PkiLimit }
const limit = (name: PkiLimit): Expected => ({ code: 'ERR_PKI_LIMIT_EXCEEDED', limit: name })

const KEYS: [string, Expected][] = [
  ['pbes2-keylength-245.p8.der', { code: 'ERR_PKI_MALFORMED_KEY' }],
  ['pbkdf2-iterations-2g.p8.der', limit('maxIterations')],
  ['pkcs12-kdf-iterations-2g.p8.der', limit('maxIterations')],
  ['pbes1-iterations-2g.p8.der', limit('maxIterations')],
  ['pbes2-rc2-keylength-4k.p8.der', { code: 'ERR_PKI_MALFORMED_KEY' }],
]
const MAC_MISMATCH = { code: 'ERR_PKI_MAC_MISMATCH' }
// [file, with the right password ("geheim"), with a wrong one]: shrouded keys are only found
// behind the MAC, so a wrong password stops there.
const PKCS12: [string, Expected, Expected][] = [
  [
    'pbes2-keylength-16m.p12',
    { code: 'ERR_PKI_MALFORMED_PKCS12' },
    { code: 'ERR_PKI_MALFORMED_PKCS12' },
  ],
  ['mac-iterations-2g.p12', limit('maxIterations'), limit('maxIterations')],
  ['700-safes.p12', limit('maxTotalIterations'), limit('maxTotalIterations')],
  ['20-shrouded-keys.p12', limit('maxTotalIterations'), MAC_MISMATCH],
  ['1001-bags.p12', limit('maxBags'), MAC_MISMATCH],
  ['bad-mac.p12', MAC_MISMATCH, MAC_MISMATCH],
]

/** The error `promise` rejects with, as the fields the table compares. */
async function failure(promise: Promise<unknown>): Promise<Expected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof Error) || !('code' in error))
    throw new Error(`expected a PkiError, got ${String(error)}`)
  const code = String(error.code)
  return error instanceof LimitExceededError ? { code, limit: error.limit } : { code }
}

describe('hostile key and PKCS#12 files end at once in a typed error', () => {
  it('covers every file gen-hostile-fixtures.mjs writes', () => {
    expect([...KEYS, ...PKCS12].map(([name]) => name).sort()).toEqual(hostileFixtureNames.sort())
  })

  it.each(KEYS)('readPrivateKey(%s) throws %o before deriving', async (name, expected) => {
    for (const password of ['geheim', 'falsch'])
      expect(await failure(readPrivateKey(hostileFixture(name), { password }))).toEqual(expected)
  })

  it.each(PKCS12)('readPkcs12(%s) throws %o before deriving', async (name, right, wrong) => {
    expect(await failure(readPkcs12(hostileFixture(name), 'geheim'))).toEqual(right)
    for (const password of ['falsch', ''])
      expect(await failure(readPkcs12(hostileFixture(name), password))).toEqual(wrong)
  })

  it('says which limit, what the file asked for and the limit in force', async () => {
    const error = await readPkcs12(hostileFixture('700-safes.p12'), 'geheim').catch((e) => e)
    expect(error).toBeInstanceOf(LimitExceededError)
    // 2048 for the MAC, then 700 safes of a million iterations times three chains each.
    expect(error).toMatchObject({
      limit: 'maxTotalIterations',
      actual: 2048 + 2_100_000_000,
      max: 1_000_000,
    })
    const key = hostileFixture('pbkdf2-iterations-2g.p8.der')
    const over = await readPrivateKey(key, { password: 'x' }).catch((e) => e)
    expect(over).toMatchObject({ limit: 'maxIterations', actual: 2 ** 31 - 1, max: 1_000_000 })
  })
})

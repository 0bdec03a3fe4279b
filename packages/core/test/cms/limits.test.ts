// The limits of CmsLimits: a SignedData or an envelope past one is refused with a
// SmimeLimitExceededError naming it, before the work it would cause; under the limits the content
// is hashed once per digest algorithm, however many signers share it.
import * as asn1js from 'asn1js'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseMessage } from '@siegel/mime'
import {
  decryptData,
  encryptMessage,
  SmimeLimitExceededError,
  verifyData,
  type VerifyDataOptions,
} from '@siegel/core'
import { AT, manySignerInfos } from '../../bench/crafted-mail.mjs'

const MiB = 2 ** 20

/** globalThis.crypto, counting the bytes of each digest asked of it. */
function countingCrypto(): { crypto: Crypto; digested: number[] } {
  const digested: number[] = []
  const real = globalThis.crypto.subtle
  const subtle = new Proxy(real, {
    get(target, key) {
      if (key === 'digest')
        return (algorithm: AlgorithmIdentifier, data: BufferSource) => {
          digested.push(data.byteLength)
          return target.digest(algorithm, data)
        }
      const value: unknown = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  const crypto = {
    subtle,
    getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto),
  } as Crypto
  return { crypto, digested }
}

/** The SignedData with a `crls` set of `count` (empty) entries inserted before signerInfos. */
function withCrls(der: Uint8Array, count: number): Uint8Array {
  const contentInfo = asn1js.fromBER(der).result as asn1js.Sequence
  const wrapper = contentInfo.valueBlock.value[1] as asn1js.Constructed
  const fields = (wrapper.valueBlock.value[0] as asn1js.Sequence).valueBlock.value
  const crls = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 1 },
    value: Array.from({ length: count }, () => new asn1js.Sequence()),
  })
  fields.splice(fields.length - 1, 0, crls)
  return new Uint8Array(contentInfo.toBER())
}

describe('SignedData limits', () => {
  const content = Uint8Array.from({ length: MiB }, (_, i) => (i * 7) & 0xff)
  let many: Awaited<ReturnType<typeof manySignerInfos>>
  let one: Awaited<ReturnType<typeof manySignerInfos>>
  beforeAll(async () => {
    many = await manySignerInfos(content, 1000)
    one = await manySignerInfos(content, 1)
  }, 60_000)
  const options = (): VerifyDataOptions => ({
    content,
    trustAnchors: [one.anchor],
    bundledAnchors: false,
    at: AT,
  })

  it('refuses 1,000 SignerInfos over maxSignerInfos with a SmimeLimitExceededError, before hashing', async () => {
    const { crypto, digested } = countingCrypto()
    const error = await verifyData(many.der, { ...options(), crypto }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SmimeLimitExceededError)
    expect(error).toMatchObject({
      code: 'ERR_SMIME_LIMIT_EXCEEDED',
      limit: 'maxSignerInfos',
      maximum: 32,
      found: 1000,
    })
    expect(digested).toEqual([])
  })

  it('hashes the content once for 1,000 signers when maxSignerInfos allows them', async () => {
    const { crypto, digested } = countingCrypto()
    const result = await verifyData(many.der, { ...options(), crypto, maxSignerInfos: 1000 })
    expect(result.signers).toHaveLength(1000)
    expect(result.signers.every((s) => s.signature.valid)).toBe(true)
    expect(digested.filter((n) => n === MiB)).toHaveLength(1)
    // One path-building budget for all: the later signers find it spent.
    expect(result.signers.at(-1)!.chain).toMatchObject({
      trusted: false,
      reason: { code: 'ERR_PKI_BUDGET_EXCEEDED' },
    })
  })

  it('refuses more certificates than maxCertificates with a SmimeLimitExceededError', async () => {
    const result = await verifyData(one.der, options())
    expect(result.certificates).toHaveLength(3)
    await expect(verifyData(one.der, { ...options(), maxCertificates: 2 })).rejects.toMatchObject({
      code: 'ERR_SMIME_LIMIT_EXCEEDED',
      limit: 'maxCertificates',
      found: 3,
    })
  })

  it('counts CRLs against maxCrls and refuses more with a SmimeLimitExceededError', async () => {
    const der = withCrls(one.der, 3)
    const result = await verifyData(der, { ...options(), maxCrls: 3 })
    expect(result.signers[0]!.signature.valid).toBe(true)
    await expect(verifyData(der, { ...options(), maxCrls: 2 })).rejects.toMatchObject({
      code: 'ERR_SMIME_LIMIT_EXCEEDED',
      limit: 'maxCrls',
      maximum: 2,
      found: 3,
    })
  })

  it.each([0, -1, Number.NaN, 1.5, Infinity, '32', null])(
    'rejects a limit of %s with ERR_SMIME_INVALID_INPUT instead of dropping the limit',
    async (value) => {
      for (const key of ['maxSignerInfos', 'maxCertificates', 'maxCrls'])
        await expect(
          verifyData(one.der, { ...options(), [key]: value as number }),
        ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
    },
  )
})

describe('envelope limits', () => {
  const keks = [1, 2, 3].map((id) => ({
    kek: new Uint8Array(16).fill(id),
    keyIdentifier: Uint8Array.of(id),
  }))

  it('refuses more RecipientInfos than maxRecipientInfos with a SmimeLimitExceededError', async () => {
    const eml = await encryptMessage('Content-Type: text/plain\r\n\r\nfor three\r\n', [], {
      kekRecipients: keks,
    })
    const opened = await decryptData(p7m(eml), keks[2]!, { maxRecipientInfos: 3 })
    expect(new TextDecoder().decode(opened.content)).toContain('for three')
    await expect(decryptData(p7m(eml), keks[2]!, { maxRecipientInfos: 2 })).rejects.toMatchObject({
      code: 'ERR_SMIME_LIMIT_EXCEEDED',
      limit: 'maxRecipientInfos',
      maximum: 2,
      found: 3,
    })
    for (const value of [0, Number.NaN, '3'])
      await expect(
        decryptData(p7m(eml), keks[2]!, { maxRecipientInfos: value as number }),
      ).rejects.toMatchObject({ code: 'ERR_SMIME_INVALID_INPUT' })
  })
})

/** The CMS bytes of an encrypted message (its base64 body, decoded by the parser). */
function p7m(eml: Uint8Array): Uint8Array {
  return parseMessage(eml).content
}

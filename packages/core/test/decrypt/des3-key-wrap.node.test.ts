// The Triple-DES key wrap of KEKRecipientInfo (RFC 3217 §3), on the wrap example that Bouncy
// Castle's DESedeWrapTest and other RFC 3217 implementations test: KEK, wrapped key and the
// content key it unwraps to. The EnvelopedData around it is assembled here, its content
// encrypted with node:crypto's 3DES-CBC under that content key.
import { createCipheriv } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptData } from '@siegel/core'

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'))
const KEK = hex('255e0d1c07b646dfb3134cc843ba8aa71f025b7c0838251f')
const CEK = hex('2923bf85e06dd6ae529149f1f1bae9eab3a7da3d860d3e98')
const WRAPPED = hex(
  '690107618ef092b3b48ca1796b234ae9fa33ebb4159604037db5d6a84eb3aac2768c632775a467d4',
)
const keyIdentifier = hex('c0fee0')
const content = 'This is some sample content.'

function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts)
  const length = body.length < 128 ? [body.length] : [0x82, body.length >> 8, body.length & 0xff]
  return Uint8Array.from([tag, ...length, ...body])
}
const oid = (der: string): Uint8Array => hex(`06${der}`)
const OID = {
  envelopedData: oid('092a864886f70d010703'),
  data: oid('092a864886f70d010701'),
  desEde3Cbc: oid('082a864886f70d0307'),
  cms3DesWrap: oid('0b2a864886f70d0109100306'),
}

function envelope(wrapped: Uint8Array): Uint8Array {
  const iv = hex('0102030405060708')
  const cipher = createCipheriv('des-ede3-cbc', CEK, iv)
  const ciphertext = Buffer.concat([cipher.update(content), cipher.final()])
  const kekri = tlv(
    0xa2,
    tlv(0x02, Uint8Array.of(4)),
    tlv(0x30, tlv(0x04, keyIdentifier)),
    tlv(0x30, OID.cms3DesWrap),
    tlv(0x04, wrapped),
  )
  const eci = tlv(0x30, OID.data, tlv(0x30, OID.desEde3Cbc, tlv(0x04, iv)), tlv(0x80, ciphertext))
  const enveloped = tlv(0x30, tlv(0x02, Uint8Array.of(2)), tlv(0x31, kekri), eci)
  return tlv(0x30, OID.envelopedData, tlv(0xa0, enveloped))
}

describe('KEK with the Triple-DES key wrap (RFC 3217)', () => {
  it('unwraps the RFC 3217 example and decrypts the content', async () => {
    const result = await decryptData(envelope(WRAPPED), { kek: KEK, keyIdentifier })
    expect(new TextDecoder().decode(result.content)).toBe(content)
    expect(result.contentEncryption).toBe('3DES-CBC')
    expect(result.keyEncryption).toBe('1.2.840.113549.1.9.16.3.6')
  })

  it('gives ERR_SMIME_DECRYPTION_FAILED for a wrong KEK or an altered wrapped key', async () => {
    const wrongKek = KEK.slice()
    wrongKek[5]! ^= 0x80
    const altered = WRAPPED.slice()
    altered[20]! ^= 1
    for (const [kek, wrapped] of [
      [wrongKek, WRAPPED],
      [KEK, altered],
      [KEK, WRAPPED.subarray(0, 32)],
      [hex('00'.repeat(16)), WRAPPED],
    ] as const) {
      await expect(decryptData(envelope(wrapped), { kek, keyIdentifier })).rejects.toMatchObject({
        code: 'ERR_SMIME_DECRYPTION_FAILED',
      })
    }
  })
})

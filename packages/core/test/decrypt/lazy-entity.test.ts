import { describe, expect, it } from 'vitest'
import { Certificate, readPrivateKey } from '@siegel/pki'
import { decryptMessage, encryptMessage } from '@siegel/core'
import { parseMessage } from '@siegel/mime'
import { testPki } from '../fixtures/test-pki.js'

// decryptMessage parses the decrypted entity when `entity` is first read: what it reads must be
// exactly what parsing `content` gives, however and whenever it is read.
const message =
  'From: alice@example.org\r\nTo: alice@example.org\r\nSubject: later\r\n' +
  'Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n' +
  'Read me when you need me.\r\n--b\r\nContent-Type: application/octet-stream\r\n' +
  'Content-Transfer-Encoding: base64\r\n\r\nAAECAw==\r\n--b--\r\n'

async function decrypted() {
  const certificate = Certificate.from(testPki.alice)
  const encrypted = await encryptMessage(message, [certificate], { allowUntrusted: true })
  const identity = { certificate, privateKey: await readPrivateKey(testPki.aliceKey) }
  return decryptMessage(encrypted, identity)
}

describe('the entity of a decrypted message', () => {
  it('is the parse of its content, read once and then kept', async () => {
    const result = await decrypted()
    const first = result.entity
    expect(result.entity).toBe(first)
    const expected = parseMessage(result.content)
    expect(first.children.map((p) => p.contentType)).toEqual(
      expected.children.map((p) => p.contentType),
    )
    expect(first.children[0]!.text).toBe('Read me when you need me.')
    expect([...first.children[1]!.content]).toEqual([0, 1, 2, 3])
  })

  it('can be replaced before it is ever read', async () => {
    const result = await decrypted()
    result.entity = parseMessage(new TextEncoder().encode('Subject: mine\r\n\r\nx'))
    expect(result.entity.headers[0]!.value).toBe('mine')
  })

  it('reads like a plain property: listed, spread and replaced', async () => {
    const result = await decrypted()
    expect(Object.keys(result)).toContain('entity')
    const copy = { ...result }
    expect(copy.entity.children).toHaveLength(2)
    result.entity = parseMessage(new TextEncoder().encode('Subject: other\r\n\r\nx'))
    expect(result.entity.headers[0]!.value).toBe('other')
  })
})

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadIdentity, openMessage } from '@siegel/core'
import { parseMessage } from '@siegel/mime'
import { Certificate, CertificateDirectory } from '@siegel/pki'
// @ts-expect-error: plain JavaScript without declarations
import { sendShy } from './send-shy.mjs'

const pki = fileURLToPath(new URL('../../packages/core/test/fixtures/test-pki/', import.meta.url))
const pem = (name: string): string => readFileSync(join(pki, name), 'utf8')

describe('header protection with hcp_shy', () => {
  it('hides the Subject and the names outside; the recipient reads them inside', async () => {
    const me = await loadIdentity({
      certificate: pem('alice.pem'),
      privateKey: pem('alice.key.pem'),
      chain: [pem('intermediate.pem')],
    })
    // The test PKI's bob stands in for the office: his certificate, filed under its address.
    const office = await loadIdentity({
      certificate: pem('bob.pem'),
      privateKey: pem('bob.key.pem'),
    })
    const directory = await CertificateDirectory.open()
    await directory.add(office.certificate, { emails: ['office@example.de'] })
    const root = Certificate.from(pem('root.pem'))
    const eml: Uint8Array = await sendShy(
      {
        from: { name: 'Alice Example', address: 'alice@example.org' },
        to: 'office@example.de',
        subject: 'Antrag auf Baugenehmigung',
        text: 'Anbei mein Antrag.\n',
      },
      {
        me,
        directory,
        trustAnchors: [root],
        intermediates: [Certificate.from(pem('intermediate.pem'))],
      },
    )
    const outer = parseMessage(eml).headers.map((h) => `${h.name}: ${h.value}`)
    expect(outer).toContain('Subject: [...]')
    expect(outer).toContain('From: <alice@example.org>')
    const opened = await openMessage(eml, { identities: [me], trustAnchors: [root] })
    expect(opened.message.headers.find((h) => h.name === 'Subject')?.value).toBe(
      'Antrag auf Baugenehmigung',
    )
  })
})

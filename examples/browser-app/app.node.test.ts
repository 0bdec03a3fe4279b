import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { build, preview, type PreviewServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadIdentity, openMessage, signMessage } from '@siegel/core'
import { composeMessage } from '@siegel/mime'
import { Certificate, importPrivateKey } from '@siegel/pki'
import { chromiumPath } from '../../scripts/chromium-path.mjs'
import { openssl, scratch } from '../../packages/core/test/openssl.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const pkiDir = join(here, '../../packages/core/test/fixtures/test-pki/')
const pem = (name: string): string => readFileSync(join(pkiDir, name), 'utf8')

let server: PreviewServer
let browser: Browser
beforeAll(async () => {
  // The production build, served as a web developer would deploy it.
  const outDir = mkdtempSync(join(tmpdir(), 'siegel-app-'))
  const config = {
    configFile: join(here, 'vite.config.ts'),
    root: here,
    logLevel: 'silent' as const,
    build: { outDir },
  }
  await build(config)
  server = await preview({ ...config, preview: { port: 0, host: '127.0.0.1' } })
  browser = await chromium.launch({
    executablePath: chromiumPath() ?? undefined,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the browser app', () => {
  it(
    'loads a .p12, trusts a root by fingerprint, opens a signed mail, learns the signer and writes a signed reply',
    { timeout: 60_000 },
    async () => {
      const dir = scratch()
      const p12 = openssl([
        'pkcs12',
        '-export',
        '-in',
        join(pkiDir, 'alice.pem'),
        '-inkey',
        join(pkiDir, 'alice.key.pem'),
        '-certfile',
        join(pkiDir, 'intermediate.pem'),
        '-passout',
        'pass:geheim',
        '-out',
        dir.path('alice.p12'),
      ])
      expect(p12.ok).toBe(true)
      const incoming = await signMessage(
        composeMessage({
          from: 'bob@example.org',
          to: 'alice@example.org',
          subject: 'Bescheid',
          text: 'Ihr Bescheid liegt bei.\n',
        }),
        {
          certificate: pem('bob.pem'),
          privateKey: await importPrivateKey(pem('bob.key.pem')),
          chain: [pem('intermediate.pem')],
        },
      )
      const emlPath = dir.write('bescheid.eml', incoming)

      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      await page.goto(server.resolvedUrls!.local[0]!)

      await page.setInputFiles('#p12-input', dir.path('alice.p12'))
      await page.fill('#p12-password', 'geheim')
      await page.click('#password-form button[type=submit]')
      await expect.poll(() => page.textContent('#identity-status')).toContain('alice@example.org')

      await page.setInputFiles('#root-input', join(pkiDir, 'root.pem'))
      await expect
        .poll(() => page.textContent('#root-fingerprint'))
        .toContain(await Certificate.from(pem('root.pem')).fingerprint())
      await page.click('#root-confirm')

      await page.setInputFiles('#eml-input', emlPath)
      await expect
        .poll(() => page.textContent('#summary'))
        .toBe('Signiert von bob@example.org · vertrauenswürdig über Siegel Test Root CA')
      expect(await page.textContent('#message-text')).toContain('Ihr Bescheid liegt bei.')
      expect(await page.isVisible('#message-text')).toBe(true)
      expect(await page.isVisible('#content-warning')).toBe(false)
      // The header fields a reader expects, decoded, in German.
      const details = await page.$$eval('#message-details > *', (nodes) =>
        nodes.map((n) => n.textContent),
      )
      expect(details.slice(0, 6)).toEqual([
        'Von',
        'bob@example.org',
        'An',
        'alice@example.org',
        'Betreff',
        'Bescheid',
      ])
      expect(details[6]).toBe('Datum')
      expect(details[7]).toMatch(/\d{4} um \d{2}:\d{2}$/)
      await expect.poll(() => page.textContent('#address-book')).toContain('bob@example.org')

      await page.fill('#reply-text', 'Vielen Dank, erhalten.')
      const download = page.waitForEvent('download')
      await page.click('#reply-form button[type=submit]')
      const reply = new Uint8Array(readFileSync((await (await download).path())!))
      expect(await page.textContent('#reply-status')).toContain('signiert und verschlüsselt')
      // Bob, whose certificate the app learnt, opens the reply: encrypted to him, signed by Alice.
      const bob = await loadIdentity({
        certificate: pem('bob.pem'),
        privateKey: pem('bob.key.pem'),
      })
      const opened = await openMessage(reply, {
        identities: [bob],
        trustAnchors: [Certificate.from(pem('root.pem'))],
      })
      expect(opened.summary).toMatch(
        /^Encrypted \(AES-\d+-(GCM|CBC)\) · Signed by alice@example.org · trusted via Siegel Test Root CA$/,
      )
      expect(opened.layers[0]).toMatchObject({ kind: 'encrypted', authenticated: true })
      writeFileSync(
        process.env.SIEGEL_SCREENSHOT ?? dir.path('app.png'),
        await page.screenshot({ fullPage: true }),
      )
      // The address book lives in IndexedDB: a new visit still knows Bob.
      await page.reload()
      await expect.poll(() => page.textContent('#address-book')).toContain('bob@example.org')
      expect(errors).toEqual([])
    },
  )

  it(
    'says a wrong file is no certificate, and keeps no fingerprint of a previous one on screen',
    { timeout: 60_000 },
    async () => {
      const dir = scratch()
      const notACertificate = dir.write('alice.p12', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]))
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      await page.goto(server.resolvedUrls!.local[0]!)
      await page.setInputFiles('#root-input', join(pkiDir, 'root.pem'))
      await expect.poll(() => page.textContent('#root-fingerprint')).toContain('SHA-256')
      await page.setInputFiles('#root-input', notACertificate)
      await expect.poll(() => page.textContent('#root-status')).toContain('ist kein Zertifikat')
      expect(await page.textContent('#root-fingerprint')).toBe('')
      expect(await page.isVisible('#root-confirm')).toBe(false)
      expect(errors).toEqual([])
    },
  )

  it(
    'shows a tampered mail’s text and attachment only behind a warning',
    { timeout: 60_000 },
    async () => {
      const dir = scratch()
      const signed = new TextDecoder().decode(
        await signMessage(
          composeMessage({
            from: 'bob@example.org',
            to: 'alice@example.org',
            subject: 'Rechnung',
            text: 'Bitte 10 EUR überweisen.\n',
            attachments: [
              { filename: 'rechnung.txt', contentType: 'text/plain', content: 'Betrag: 10 EUR' },
            ],
          }),
          {
            certificate: pem('bob.pem'),
            privateKey: await importPrivateKey(pem('bob.key.pem')),
            chain: [pem('intermediate.pem')],
          },
        ),
      )
      const tampered = signed.replace(
        'Bitte 10 EUR =C3=BCberweisen.',
        'Bitte 900 EUR =C3=BCberweisen.',
      )
      expect(tampered).not.toBe(signed)
      const page = await browser.newPage()
      await page.goto(server.resolvedUrls!.local[0]!)
      await page.setInputFiles('#eml-input', dir.write('rechnung.eml', tampered))
      await expect.poll(() => page.textContent('#summary')).toMatch(/^Signatur UNGÜLTIG \(/)
      expect(await page.getAttribute('#summary', 'class')).toBe('bad')
      expect(await page.isVisible('#content-warning')).toBe(true)
      expect(await page.isVisible('#message-text')).toBe(false)
      expect(await page.isVisible('#attachments a')).toBe(false)
      await page.click('#show-anyway')
      expect(await page.textContent('#message-text')).toContain('900 EUR')
      expect(await page.isVisible('#attachments a')).toBe(true)
    },
  )
})

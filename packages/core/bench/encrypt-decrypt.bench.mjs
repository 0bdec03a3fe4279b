// pnpm bench: S/MIME encrypt and decrypt with AES-256-CBC and AES-256-GCM, RSA-OAEP SHA-256 to
// one RSA-2048 recipient; Siegel against `openssl cms -binary` and pkijs used directly, on the
// same inputs in one run. Sizes: BENCH_SIZES (bytes, comma-separated) or 1, 10 and 100 MiB.
// Every figure comes from a fresh process (this file, started with `measure ...`).
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PKI, writeInputs } from './inputs.mjs'
import { cell, label, openssl, ratio, timeInProcess } from './report.mjs'

const SELF = fileURLToPath(import.meta.url)
const pki = (name) => join(PKI, name)

/** One measurement in this process: prints {"ms": median, "growthMiB": peak RSS growth}. */
async function measureOne(impl, op, inputPath, outputPath) {
  const { decryptMessage, encryptMessage } = await import('@siegel/core')
  const { Certificate, readPrivateKey } = await import('@siegel/pki')
  const pkijs = await import('pkijs')
  const engine = new pkijs.CryptoEngine({ name: 'bench', crypto: globalThis.crypto })
  const input = new Uint8Array(readFileSync(inputPath))
  const certPem = readFileSync(pki('alice.pem'), 'utf8')
  const keyPem = readFileSync(pki('alice.key.pem'), 'utf8')
  const identity = { certificate: certPem, privateKey: await readPrivateKey(keyPem) }
  const recipient = Certificate.from(certPem)
  const pkijsCert = pkijs.Certificate.fromBER(recipient.der)
  const pkcs8 = new Uint8Array(Buffer.from(keyPem.replace(/-----[^-]+-----|\s+/g, ''), 'base64'))
    .buffer
  const options = (cipher) => ({
    contentEncryption: cipher,
    rsaPadding: 'oaep-sha256',
    allowUntrusted: true,
  })
  const pkijsEncrypt = async (name) => {
    const enveloped = new pkijs.EnvelopedData()
    enveloped.addRecipientByCertificate(pkijsCert, { oaepHashAlgorithm: 'SHA-256' }, 1, engine)
    await enveloped.encrypt({ name, length: 256 }, input, engine)
    const info = new pkijs.ContentInfo({
      contentType: '1.2.840.113549.1.7.3',
      content: enveloped.toSchema(),
    })
    return new Uint8Array(info.toSchema().toBER())
  }
  const pkijsDecrypt = async () => {
    const info = pkijs.ContentInfo.fromBER(input)
    const enveloped = new pkijs.EnvelopedData({ schema: info.content })
    const options = { recipientCertificate: pkijsCert, recipientPrivateKey: pkcs8 }
    return new Uint8Array(await enveloped.decrypt(0, options, engine))
  }
  const OPS = {
    siegel: {
      'encrypt-cbc': () => encryptMessage(input, [recipient], options('AES-256-CBC')),
      'encrypt-gcm': () => encryptMessage(input, [recipient], options('AES-256-GCM')),
      decrypt: async () => (await decryptMessage(input, identity)).content,
    },
    pkijs: {
      'encrypt-cbc': () => pkijsEncrypt('AES-CBC'),
      // pkijs's GCM in EnvelopedData is not interoperable (no AuthEnvelopedData): timed only.
      'encrypt-gcm': () => pkijsEncrypt('AES-GCM'),
      decrypt: pkijsDecrypt,
    },
  }
  const run = OPS[impl]?.[op]
  if (!run) throw new Error(`unknown ${impl} ${op}`)
  await timeInProcess(run, input.length, outputPath)
}

function measure(impl, op, input, output) {
  const args = ['--expose-gc', SELF, 'measure', impl, op, input, ...(output ? [output] : [])]
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })
  if (run.status !== 0) {
    const line = run.stderr.split('\n').find((l) => /Error/.test(l)) ?? 'failed'
    return { error: line.trim().slice(0, 60) }
  }
  return JSON.parse(run.stdout.trim().split('\n').pop())
}

function main() {
  const sizes = (process.env.BENCH_SIZES ?? `${2 ** 20},${10 * 2 ** 20},${100 * 2 ** 20}`)
    .split(',')
    .map(Number)
  console.log(
    'Encrypt/decrypt: Siegel (S/MIME message) vs OpenSSL (openssl cms -binary, DER, whole process) vs pkijs (CMS only)',
  )
  console.log('RSA-2048 recipient, RSA-OAEP SHA-256. Cells: median time (peak memory growth).\n')
  console.log('| size | operation | Siegel | OpenSSL | pkijs | Siegel/OpenSSL | Siegel/pkijs |')
  console.log('|---|---|---|---|---|---|---|')
  const oaep = ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256']
  for (const size of sizes) {
    const paths = writeInputs(size)
    const out = (name) => join(paths.dir, name)
    const repeats = size < 2 ** 24 ? 3 : 1
    for (const [mode, cipher] of [
      ['cbc', '-aes-256-cbc'],
      ['gcm', '-aes-256-gcm'],
    ]) {
      const rows = []
      const siegel = measure('siegel', `encrypt-${mode}`, paths.message, out(`siegel-${mode}.eml`))
      const osslArgs = ['cms', '-encrypt', '-binary', cipher, '-in', paths.entity]
      const ossl = openssl(
        [
          ...osslArgs,
          '-outform',
          'DER',
          '-out',
          out(`openssl-${mode}.der`),
          '-recip',
          pki('alice.pem'),
          ...oaep,
        ],
        repeats,
      )
      const pk = measure('pkijs', `encrypt-${mode}`, paths.entity, out(`pkijs-${mode}.der`))
      rows.push([`encrypt ${mode.toUpperCase()}`, siegel, ossl, pk])
      const siegelDecrypt = measure('siegel', 'decrypt', out(`siegel-${mode}.eml`))
      const osslDecrypt = openssl(
        ['cms', '-decrypt', '-binary', '-inform', 'DER', '-in', out(`openssl-${mode}.der`)].concat([
          '-recip',
          pki('alice.pem'),
          '-inkey',
          pki('alice.key.pem'),
          '-out',
          out('plain'),
        ]),
        repeats,
      )
      let pkDecrypt = { error: 'no pkijs input' }
      try {
        readFileSync(out(`pkijs-${mode}.der`))
        pkDecrypt = measure('pkijs', 'decrypt', out(`pkijs-${mode}.der`))
      } catch {
        writeFileSync(out(`pkijs-${mode}.der`), new Uint8Array(0)) // pkijs could not encrypt
      }
      rows.push([`decrypt ${mode.toUpperCase()}`, siegelDecrypt, osslDecrypt, pkDecrypt])
      for (const [op, s, o, p] of rows)
        console.log(
          `| ${label(size)} | ${op} | ${cell(s)} | ${cell(o)} | ${cell(p)} | ${ratio(s, o)} | ${ratio(s, p)} |`,
        )
    }
  }
}

if (process.argv[2] === 'measure') await measureOne(...process.argv.slice(3))
else main()

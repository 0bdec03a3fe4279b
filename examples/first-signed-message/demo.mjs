// The first signed message: Siegel signs a mail, then Siegel and OpenSSL both verify it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { signMessage, verifyMessage } from '@siegel/core'
import { composeMessage } from '@siegel/mime'
import { Certificate, importPrivateKey } from '@siegel/pki'

/**
 * Runs the demo with the PKI in `pkiDir` (as made by scripts/gen-test-pki.sh) and writes the
 * signed message to `outDir`.
 * @param {{ pkiDir: string, outDir: string, log?: (line: string) => void }} options
 * @returns {Promise<{ file: string, status: string, opensslVerified: boolean | undefined }>}
 */
export async function runDemo({ pkiDir, outDir, log = console.log }) {
  const pem = (name) => readFileSync(join(pkiDir, name), 'utf8')

  // 1. The office writes a mail.
  const message = composeMessage({
    from: { name: 'Alice Example', address: 'alice@example.org' },
    to: { name: 'Partner', address: 'partner@example.com' },
    subject: 'Ihre Unterlagen',
    text: 'Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie die Unterlagen.\n\nMit freundlichen Grüßen\n',
  })

  // 2. It signs it with its key and certificate, sending the issuing CA along.
  const signed = await signMessage(message, {
    certificate: pem('alice.pem'),
    privateKey: await importPrivateKey(pem('alice.key.pem')),
    chain: [pem('intermediate.pem')],
  })
  mkdirSync(outDir, { recursive: true })
  const file = join(outDir, 'signed.eml')
  writeFileSync(file, signed)
  log(`signed message written to ${file} (${signed.length} bytes)`)

  // 3. The partner verifies it, trusting the root.
  const result = await verifyMessage(signed, { trustAnchors: [Certificate.from(pem('root.pem'))] })
  for (const signer of result.signers) {
    const chain = signer.chain?.trusted
      ? 'trusted'
      : `not trusted (${signer.chain?.reason.code ?? 'no certificate'})`
    log(
      `Siegel:  ${result.status} · signed by ${signer.certificate?.emailAddresses.join(', ')} · chain ${chain}`,
    )
  }

  // 4. OpenSSL checks the same bytes, where it is installed.
  const openssl = spawnSync(
    'openssl',
    [
      'cms',
      '-verify',
      '-in',
      file,
      '-CAfile',
      join(pkiDir, 'root.pem'),
      '-out',
      join(outDir, 'content.txt'),
    ],
    {
      encoding: 'utf8',
    },
  )
  const opensslVerified = openssl.error ? undefined : openssl.status === 0
  log(`OpenSSL: ${opensslVerified === undefined ? 'not installed' : openssl.stderr.trim()}`)
  return { file, status: result.status, opensslVerified }
}

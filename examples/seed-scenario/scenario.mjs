// The partner workflow end to end, as the county office's guide describes it:
// 1. the office sends a signed mail; 2. the partner trusts the administration's root and opens
// it, and the office's certificate lands in the partner's address book; 3. the partner answers,
// signed and encrypted to the address from the address book; 4. the office opens the answer. Every message is written as an .eml file and, where
// OpenSSL is installed, checked with `openssl cms` too.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openMessage, protectMessage } from '@siegel/core'
import { CertificateDirectory, trustAnchorWithFingerprint, writePrivateKey } from '@siegel/pki'
import { makeDemoPki } from './demo-pki.mjs'

export async function runScenario({ outDir, log = console.log }) {
  mkdirSync(outDir, { recursive: true })
  const pki = await makeDemoPki()
  const rootFile = join(outDir, 'demo-root.pem')
  writeFileSync(rootFile, pki.root.toPem())
  const published = await pki.root.fingerprint() // what the administration publishes on its web site
  log(`Demo root: ${pki.root.subject}\n  SHA-256 ${published}`)

  // 1. The office writes to the partner, signed.
  const fromOffice = await protectMessage(
    {
      from: {
        name: 'Landratsamt Demo – Bürgerservice',
        address: 'buergerservice@lra-demo.example',
      },
      to: 'petra@partner.example',
      subject: 'Ihr Antrag vom 20. November',
      text: 'Sehr geehrte Frau Partner,\n\nwir haben Ihren Antrag erhalten.\n\nMit freundlichen Grüßen\nIhr Bürgerservice\n',
    },
    { signWith: pki.office },
  )
  const files = [save(outDir, '1-office-signed.eml', fromOffice)]

  // 2. The partner imports the root, checking the published fingerprint, and opens the mail;
  //    the office's certificate goes into the partner's address book.
  const partnerTrusts = [await trustAnchorWithFingerprint(pki.root.toPem(), published)]
  const partnerBook = await CertificateDirectory.open()
  const received = await openMessage(fromOffice, {
    trustAnchors: partnerTrusts,
    directory: partnerBook,
  })
  log(`Partner opens 1-office-signed.eml: ${received.summary}`)
  log(`Partner's address book: ${partnerBook.addresses().join(', ')}`)

  // 3. The partner answers, signed and encrypted to the office's address: "click encrypt".
  const reply = await protectMessage(
    {
      from: 'petra@partner.example',
      to: 'buergerservice@lra-demo.example',
      subject: 'Re: Ihr Antrag vom 20. November',
      text: 'Vielen Dank. Die fehlenden Unterlagen sende ich bis Freitag.\n',
    },
    {
      signWith: pki.partner,
      encryptFor: ['buergerservice@lra-demo.example'],
      directory: partnerBook,
      trustAnchors: partnerTrusts,
      intermediates: received.layers[0].verification.certificates,
    },
  )
  files.push(save(outDir, '2-partner-reply.eml', reply))

  // 4. The office opens the answer with its own identity.
  const answer = await openMessage(reply, { identities: [pki.office], trustAnchors: [pki.root] })
  log(`Office opens 2-partner-reply.eml: ${answer.summary}`)

  // OpenSSL checks the same files, where it is installed: it verifies the signed mail, and
  // decrypts the reply with the office's key, then verifies the signature inside.
  const officeKey = join(outDir, 'office.key.pem')
  writeFileSync(officeKey, await writePrivateKey(pki.office.privateKey, { password: 'demo' }))
  writeFileSync(join(outDir, 'office.pem'), pki.office.certificate.toPem())
  const decrypted = join(outDir, '2-partner-reply.decrypted.eml')
  const verify = (file) => ['cms', '-verify', '-in', file, '-CAfile', rootFile, '-out', '/dev/null']
  const decrypt = ['cms', '-decrypt', '-in', files[1], '-recip', join(outDir, 'office.pem')]
  decrypt.push('-inkey', officeKey, '-passin', 'pass:demo', '-out', decrypted)
  const openssl = [run(verify(files[0]), log), run(decrypt, log) && run(verify(decrypted), log)]
  return {
    summaries: [received.summary, answer.summary],
    addressBook: partnerBook.addresses(),
    files,
    openssl,
  }
}

/** Runs openssl; true or false for its verdict, undefined where it is not installed. */
function run(args, log) {
  const result = spawnSync('openssl', args, { encoding: 'utf8' })
  if (result.error) return undefined
  log(
    `openssl ${args.slice(0, 2).join(' ')} ${args[3].split('/').pop()}: ${result.status === 0 ? 'ok' : result.stderr.trim().split('\n')[0]}`,
  )
  return result.status === 0
}

function save(dir, name, bytes) {
  const file = join(dir, name)
  writeFileSync(file, bytes)
  return file
}

// The partner workflow end to end, as the county office's guide describes it:
// 1. the office sends a signed mail; 2. the partner trusts the administration's root and opens
// it, and the office's certificate lands in the partner's address book; 3. the partner answers,
// signed; 4. the office opens the answer. Every message is written as an .eml file and, where
// OpenSSL is installed, checked with `openssl cms` too.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openMessage, protectMessage } from '@siegel/core'
import { CertificateDirectory, trustAnchorWithFingerprint } from '@siegel/pki'
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

  // 3. The partner answers, signed, to the address from the address book.
  const [office] = partnerBook.lookup('buergerservice@lra-demo.example')
  const reply = await protectMessage(
    {
      from: 'petra@partner.example',
      to: office.certificate.emailAddresses[0],
      subject: 'Re: Ihr Antrag vom 20. November',
      text: 'Vielen Dank. Die fehlenden Unterlagen sende ich bis Freitag.\n',
    },
    { signWith: pki.partner },
  )
  files.push(save(outDir, '2-partner-reply.eml', reply))

  // 4. The office opens the answer.
  const answer = await openMessage(reply, { trustAnchors: [pki.root] })
  log(`Office opens 2-partner-reply.eml: ${answer.summary}`)

  // OpenSSL checks the same files, where it is installed.
  const openssl = files.map((file) => {
    const run = spawnSync(
      'openssl',
      ['cms', '-verify', '-in', file, '-CAfile', rootFile, '-out', '/dev/null'],
      { encoding: 'utf8' },
    )
    const verdict = run.error ? 'not installed' : run.stderr.trim().split('\n')[0]
    log(`openssl cms -verify ${file.split('/').pop()}: ${verdict}`)
    return run.error ? undefined : run.status === 0
  })
  return {
    summaries: [received.summary, answer.summary],
    addressBook: partnerBook.addresses(),
    files,
    openssl,
  }
}

function save(dir, name, bytes) {
  const file = join(dir, name)
  writeFileSync(file, bytes)
  return file
}

// A demo PKI made with Siegel alone: a root standing in for the administration's, an issuing
// CA, the county office and an external partner, each an S/MIME identity.
import { generateKeyPair, issueCertificate } from '@siegel/pki'

/** One CA or person: key pair and certificate (and the chain above it). */
async function identity(subject, emails, issuer, profile = 'smime') {
  const keys = await generateKeyPair({ algorithm: 'RSA-3072' })
  const certificate = await issueCertificate({
    profile,
    subject,
    ...(emails ? { emails } : {}),
    publicKeyInfo: keys.publicKeyInfo,
    issuerKey: issuer ? issuer.privateKey : keys.privateKey,
    ...(issuer ? { issuerCertificate: issuer.certificate } : {}),
    ...(profile === 'ca' && issuer ? { pathLength: 0 } : {}),
  })
  return {
    certificate,
    privateKey: keys.privateKey,
    chain: issuer ? [issuer.certificate, ...issuer.chain] : [],
  }
}

export async function makeDemoPki() {
  const root = await identity(
    { commonName: 'Demo-Verwaltungs-Root-CA', organization: 'Freistaat Demo', country: 'DE' },
    undefined,
    undefined,
    'ca',
  )
  const issuing = await identity(
    { commonName: 'Demo-Issuing-CA', organization: 'Freistaat Demo', country: 'DE' },
    undefined,
    root,
    'ca',
  )
  const office = await identity(
    {
      commonName: 'Bürgerservice Landratsamt Demo',
      organization: 'Landratsamt Demo',
      country: 'DE',
    },
    ['buergerservice@lra-demo.example'],
    issuing,
  )
  const partner = await identity(
    { commonName: 'Petra Partner', organization: 'Partner GmbH', country: 'DE' },
    ['petra@partner.example'],
    issuing,
  )
  // The chain a person sends along ends below the root: recipients trust the root themselves.
  for (const person of [office, partner]) person.chain = [issuing.certificate]
  return { root: root.certificate, office, partner }
}

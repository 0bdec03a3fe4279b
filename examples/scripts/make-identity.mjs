#!/usr/bin/env node
// Usage:
//   node make-identity.mjs --email ADDRESS --name NAME [--org ORG] [--country CC] [--key-type TYPE] --password-env VAR OUT
//     a key pair and a certificate request for a CA: OUT.csr.pem, and OUT.key.pem (encrypted)
//   node make-identity.mjs --certificate CERT [--chain CA ...] --key OUT.key.pem --password-env VAR OUT
//     the CA's answer and the key in one file: OUT.p12
//   node make-identity.mjs --self-signed --email ADDRESS --name NAME [...] --password-env VAR OUT
//     for tests: a self-signed certificate, OUT.p12 and OUT.pem
import { cli, passwordFrom, run } from './cli.mjs'
import { KEY_TYPES, makeTestIdentity, packIdentity, requestCertificate } from './identity-files.mjs'

const usage = `usage: make-identity.mjs --email ADDRESS --name NAME [--org ORG] [--country CC]
                        [--key-type ${Object.keys(KEY_TYPES).join('|')}] [--self-signed]
                        --password-env VAR OUT
       make-identity.mjs --certificate FILE [--chain FILE ...] --key FILE --password-env VAR OUT
writes OUT.csr.pem and OUT.key.pem (a request for a CA), OUT.p12 and OUT.pem (--self-signed),
or OUT.p12 (--certificate: the CA's answer with the key of the request)`
const { values, positionals } = cli(
  {
    email: { type: 'string' },
    name: { type: 'string' },
    org: { type: 'string' },
    country: { type: 'string' },
    'key-type': { type: 'string' },
    'self-signed': { type: 'boolean' },
    certificate: { type: 'string' },
    chain: { type: 'string', multiple: true },
    key: { type: 'string' },
    'password-env': { type: 'string' },
  },
  usage,
)
const pack = values.certificate !== undefined || values.key !== undefined
const complete = pack
  ? values.certificate && values.key && !values['self-signed']
  : values.email && values.name
if (values.help || positionals.length !== 1 || !complete || !values['password-env']) {
  console.error(usage)
  process.exit(values.help ? 0 : 2)
}
const password = passwordFrom(values['password-env'])
const out = positionals[0]
const person = {
  email: values.email,
  name: values.name,
  organization: values.org,
  country: values.country,
  keyType: values['key-type'],
}
await run(async () => {
  if (pack) {
    const { p12, subject } = await packIdentity({
      certificate: values.certificate,
      chain: values.chain,
      key: values.key,
      password,
      out,
    })
    console.log(`identity: ${p12} (${subject})`)
  } else if (values['self-signed']) {
    const files = await makeTestIdentity({ ...person, password, out })
    console.log(`identity: ${files.p12}\ncertificate: ${files.certificate}`)
    console.log('self-signed: for tests only; no recipient trusts it')
  } else {
    const files = await requestCertificate({ ...person, password, out })
    console.log(`certificate request: ${files.request}\nprivate key: ${files.key} (encrypted)`)
    console.log(`next: send ${files.request} to your CA; with its answer run`)
    console.log(
      `  make-identity.mjs --certificate CERT --key ${files.key} --password-env ${values['password-env']} ${out}`,
    )
  }
})

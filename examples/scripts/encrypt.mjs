#!/usr/bin/env node
// Usage: node encrypt.mjs (--to cert.pem | --to-address ADDRESS --address-book book.json
//          | --to-password-env VAR) ...
//          [--sign-with me.p12 --password-env VAR] [--root root.pem --fingerprint SHA256 ...]
//          [--intermediate ca.pem ...] [--allow-untrusted] in.eml out.eml
import { cli, passwordFrom, ROOT_OPTIONS, rootsFrom, run } from './cli.mjs'
import { encryptFile } from './encrypt-file.mjs'

const usage = `usage: encrypt.mjs [--to CERT ...] [--to-address ADDRESS ... --address-book FILE]
                  [--to-password-env VAR]
                  [--sign-with FILE.p12 --password-env VAR] [--root FILE --fingerprint SHA256 ...]
                  [--intermediate FILE ...] [--allow-untrusted] in.eml out.eml`
const { values, positionals } = cli(
  {
    to: { type: 'string', multiple: true },
    'to-address': { type: 'string', multiple: true },
    'address-book': { type: 'string' },
    'to-password-env': { type: 'string' },
    'sign-with': { type: 'string' },
    'password-env': { type: 'string' },
    ...ROOT_OPTIONS,
    intermediate: { type: 'string', multiple: true },
    'allow-untrusted': { type: 'boolean' },
  },
  usage,
)
const roots = rootsFrom(values)
const recipients =
  (values.to?.length ?? 0) +
  (values['to-address']?.length ?? 0) +
  (values['to-password-env'] ? 1 : 0)
const addressesResolvable = !values['to-address'] || values['address-book']
if (values.help || positionals.length !== 2 || !roots || !recipients || !addressesResolvable) {
  console.error(usage)
  process.exit(values.help ? 0 : 2)
}
const [input, output] = positionals
await run(async () => {
  const size = await encryptFile({
    input,
    output,
    to: values.to,
    addresses: values['to-address'],
    addressBook: values['address-book'],
    messagePassword: passwordFrom(values['to-password-env']),
    signWith: values['sign-with'],
    password: passwordFrom(values['password-env']),
    roots,
    intermediates: values.intermediate,
    allowUntrusted: values['allow-untrusted'],
  })
  console.log(
    `${values['sign-with'] ? 'signed and encrypted' : 'encrypted'}: ${output} (${size} bytes)`,
  )
})

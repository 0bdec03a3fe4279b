#!/usr/bin/env node
// Usage: node sign.mjs (--p12 me.p12 | --cert me.pem --key me.key [--chain ca.pem ...]) [--password-env VAR] [--opaque] in.eml out.eml
import { cli, passwordFrom } from './cli.mjs'
import { signFile } from './sign-file.mjs'

const usage =
  'usage: sign.mjs (--p12 FILE | --cert FILE --key FILE [--chain FILE ...]) [--password-env VAR] [--opaque] in.eml out.eml'
const { values, positionals } = cli(
  {
    p12: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    chain: { type: 'string', multiple: true },
    'password-env': { type: 'string' },
    opaque: { type: 'boolean' },
  },
  usage,
)
if (values.help || positionals.length !== 2 || !(values.p12 || (values.cert && values.key))) {
  console.error(usage)
  process.exit(values.help ? 0 : 2)
}
const [input, output] = positionals
const size = await signFile({
  input,
  output,
  p12: values.p12,
  certificate: values.cert,
  key: values.key,
  chain: values.chain,
  password: passwordFrom(values['password-env']),
  opaque: values.opaque,
})
console.log(`signed: ${output} (${size} bytes)`)

#!/usr/bin/env node
// Usage: node open.mjs [--root root.pem --fingerprint SHA256 ...] [--p12 me.p12 --password-env VAR]
//          [--message-password-env VAR] [--address-book book.json] [--save-attachments DIR]
//          [--json] in.eml
// Exit status: 0 every signature valid (or none), 1 error, 2 usage, 3 a signature INVALID,
// 4 not trusted, 5 not a recipient, 6 not the sender shown, 7 only part of the message signed,
// 8 an unknown signer (certificate missing).
import { cli, EXIT, passwordFrom, ROOT_OPTIONS, rootsFrom, run } from './cli.mjs'
import { openFile } from './open-file.mjs'

const usage = `usage: open.mjs [--root FILE --fingerprint SHA256 ...] [--p12 FILE --password-env VAR]
               [--message-password-env VAR] [--address-book FILE] [--save-attachments DIR]
               [--json] in.eml
exit status: 0 every signature valid (or none), 1 error, 2 usage, 3 signature INVALID,
             4 not trusted, 5 not a recipient, 6 not the sender shown, 7 partially signed,
             8 unknown signer`
const { values, positionals } = cli(
  {
    ...ROOT_OPTIONS,
    p12: { type: 'string' },
    'password-env': { type: 'string' },
    'message-password-env': { type: 'string' },
    'address-book': { type: 'string' },
    'save-attachments': { type: 'string' },
    json: { type: 'boolean' },
  },
  usage,
)
const roots = rootsFrom(values)
if (values.help || positionals.length !== 1 || !roots) {
  console.error(usage)
  process.exit(values.help ? EXIT.ok : EXIT.usage)
}
await run(
  async () => {
    const opened = await openFile({
      input: positionals[0],
      roots,
      p12: values.p12,
      password: passwordFrom(values['password-env']),
      messagePassword: passwordFrom(values['message-password-env']),
      addressBook: values['address-book'],
      attachmentsDir: values['save-attachments'],
    })
    if (values.json) {
      console.log(JSON.stringify(opened, null, 2))
    } else {
      console.log(opened.summary)
      const note = (name) =>
        opened.changedHeaders.includes(name)
          ? 'protected; CHANGED outside the protection'
          : opened.protectedHeaders.includes(name)
            ? 'protected'
            : 'not protected by the signature'
      console.log(`From:    ${opened.from ?? '(none)'}  — ${note('from')}`)
      console.log(`Subject: ${opened.subject ?? '(none)'}  — ${note('subject')}`)
      console.log(`\n${opened.text ?? '(no text)'}`)
      for (const name of opened.saved) console.log(`saved attachment: ${name}`)
    }
    process.exitCode = opened.exitStatus
  },
  { json: values.json },
)

#!/usr/bin/env node
// Usage: node open.mjs [--root root.pem --fingerprint SHA256 ...] [--save-attachments DIR] in.eml
import { cli } from './cli.mjs'
import { openFile } from './open-file.mjs'

const usage =
  'usage: open.mjs [--root FILE --fingerprint SHA256 ...] [--save-attachments DIR] in.eml'
const { values, positionals } = cli(
  {
    root: { type: 'string', multiple: true },
    fingerprint: { type: 'string', multiple: true },
    'save-attachments': { type: 'string' },
  },
  usage,
)
const roots = (values.root ?? []).map((file, i) => ({
  file,
  sha256: values.fingerprint?.[i] ?? '',
}))
if (values.help || positionals.length !== 1 || roots.some((r) => !r.sha256)) {
  console.error(usage)
  process.exit(values.help ? 0 : 2)
}
const opened = await openFile({
  input: positionals[0],
  roots,
  attachmentsDir: values['save-attachments'],
})
console.log(opened.summary)
console.log(`From:    ${opened.from ?? '(none)'}  — not protected by the signature`)
console.log(`Subject: ${opened.subject ?? '(none)'}  — not protected by the signature`)
console.log(`\n${opened.text ?? '(no text)'}`)
for (const name of opened.saved) console.log(`saved attachment: ${name}`)

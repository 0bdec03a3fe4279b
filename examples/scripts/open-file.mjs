// Open an .eml file: peel its S/MIME layers, print the summary, save the attachments.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { openMessage } from '@siegel/core'
import { collectContent, getHeader } from '@siegel/mime'
import { trustAnchorWithFingerprint } from '@siegel/pki'

/**
 * @param {{ input: string, roots?: { file: string, sha256: string }[], attachmentsDir?: string }} options
 * @returns {Promise<{ summary: string, from: string | undefined, subject: string | undefined, text: string | undefined, saved: string[] }>}
 */
export async function openFile({ input, roots = [], attachmentsDir }) {
  // A root is trusted only with the fingerprint its publisher lists: no trust on first use.
  const trustAnchors = await Promise.all(
    roots.map((root) => trustAnchorWithFingerprint(readFileSync(root.file), root.sha256)),
  )
  const opened = await openMessage(readFileSync(input), { trustAnchors })
  const content = collectContent(opened.message)
  const saved = []
  if (attachmentsDir) {
    mkdirSync(attachmentsDir, { recursive: true })
    for (const part of content.attachments) {
      // The file name comes from the sender: keep only its last component.
      const name = basename(part.filename ?? `part-${saved.length + 1}.bin`)
      writeFileSync(join(attachmentsDir, name), part.content)
      saved.push(name)
    }
  }
  return {
    summary: opened.summary,
    from: getHeader(opened.received, 'from'),
    subject: opened.received.headers.find((h) => /^subject$/i.test(h.name))?.decoded,
    text: content.text,
    saved,
  }
}

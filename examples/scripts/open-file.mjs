// Open an .eml file: peel its S/MIME layers, print the summary, save the attachments.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { openMessage } from '@siegel/core'
import { collectContent, getHeader } from '@siegel/mime'
import { Certificate } from '@siegel/pki'

/**
 * @param {{ input: string, roots?: string[], attachmentsDir?: string }} options
 * @returns {Promise<{ summary: string, from: string | undefined, subject: string | undefined, text: string | undefined, saved: string[] }>}
 */
export async function openFile({ input, roots = [], attachmentsDir }) {
  const trustAnchors = roots.map((file) => Certificate.from(readFileSync(file)))
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

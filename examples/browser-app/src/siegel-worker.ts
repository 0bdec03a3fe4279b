// Siegel in a Web Worker: the page stays responsive while a large message is opened. The
// identity reaches the worker as the .p12 bytes and its password and is loaded here, so the
// private key (a non-extractable CryptoKey) lives in the worker only. What goes back is plain
// data (summary, header text, body text, attachment bytes), which structured cloning keeps
// intact; class instances such as Certificate or a parsed MimeMessage would lose their methods.
import { loadIdentity, MESSAGES_DE, openMessage, type Identity } from '@siegel/core'
import { collectContent } from '@siegel/mime'
import { Certificate } from '@siegel/pki'
import { isTrustworthy, shownHeader } from './opened-view.js'
import type { WorkerRequest, WorkerResponse } from './worker-protocol.js'

let identity: Identity | undefined
const running = new Map<number, AbortController>()

const reply = (message: WorkerResponse, transfer: Transferable[] = []): void =>
  (self as unknown as Worker).postMessage(message, transfer)

const failure = (error: unknown): { code?: string; message: string } => {
  const code = (error as { code?: unknown } | null)?.code
  return {
    ...(typeof code === 'string' ? { code } : {}),
    message: error instanceof Error ? error.message : String(error),
  }
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data
  if (request.type === 'cancel') running.get(request.id)?.abort()
  else if (request.type === 'identity') void setIdentity(request.pkcs12, request.password)
  else void open(request.id, request.eml, request.roots)
})

async function setIdentity(pkcs12: Uint8Array, password: string): Promise<void> {
  try {
    identity = await loadIdentity({ pkcs12, password })
    reply({ type: 'identity', ok: true })
  } catch (error) {
    reply({ type: 'identity', ok: false, error: failure(error) })
  }
}

async function open(id: number, eml: Uint8Array, roots: readonly Uint8Array[]): Promise<void> {
  const controller = new AbortController()
  running.set(id, controller)
  try {
    const opened = await openMessage(eml, {
      trustAnchors: roots.map((der) => Certificate.from(der)),
      identities: identity ? [identity] : [],
      messages: MESSAGES_DE,
      signal: controller.signal,
      onProgress: ({ phase, done, total }) => reply({ type: 'progress', id, phase, done, total }),
    })
    const content = collectContent(opened.message)
    // Own copies, so each attachment's buffer can be handed over without copying again.
    const attachments = content.attachments.map((part) => ({
      name: part.filename ?? part.contentType.mediaType,
      type: part.contentType.mediaType,
      bytes: part.content.slice(),
    }))
    const header = (name: string): string | undefined => shownHeader(opened, name)
    reply(
      {
        type: 'opened',
        id,
        summary: opened.summary,
        valid: isTrustworthy(opened),
        headers: {
          from: header('from'),
          to: header('to'),
          subject: header('subject'),
          date: header('date'),
        },
        text: content.text,
        attachments,
      },
      attachments.map((a) => a.bytes.buffer),
    )
  } catch (error) {
    reply({ type: 'failed', id, error: failure(error) })
  } finally {
    running.delete(id)
  }
}

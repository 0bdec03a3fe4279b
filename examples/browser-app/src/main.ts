// The Siegel browser example: load an identity from a .p12, trust a root by its fingerprint,
// open .eml files (verify, learn trusted signers' certificates into the address book), and
// write a signed reply, encrypted when the address book knows the recipient. Everything runs in
// the page with WebCrypto.
import {
  describeError as describeErrorIn,
  loadIdentity,
  MESSAGES_DE,
  openMessage,
  protectMessage,
  type Identity,
} from '@siegel/core'
import { collectContent, parseAddressList } from '@siegel/mime'
import { Certificate, CertificateDirectory } from '@siegel/pki'
import { indexedDbStorage } from './indexeddb-storage.js'
import { acceptDrops } from './drop-zone.js'
import { withProgress } from './progress-ui.js'
import { isTrustworthy, shownHeader } from './opened-view.js'
import { startSiegelWorker, type WorkerOpened } from './worker-client.js'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T
let identity: Identity | undefined
const trustedRoots: Certificate[] = []
// The address book: certificates of trusted signers by address, with the algorithms they
// announced, kept in IndexedDB across visits.
const directory = await CertificateDirectory.open(indexedDbStorage('siegel-address-book'))
// CA certificates that came with signed mail: they complete recipients' paths when encrypting.
const receivedCertificates: Certificate[] = []
// Large messages are opened in a Web Worker, with a progress bar and a Cancel button; the
// identity is loaded there too, from the same .p12 bytes and password.
const siegelWorker = startSiegelWorker()
const LARGE_MESSAGE_BYTES = 4 * 1024 * 1024

// A German sentence for the person, the stable code for a support request.
const describeError = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code
  const sentence = describeErrorIn(error, MESSAGES_DE)
  return typeof code === 'string' ? `${sentence} (${code})` : sentence
}

// 1. Identity from a PKCS#12 file and its password.
let p12: Uint8Array | undefined
$<HTMLInputElement>('p12-input').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0]
  if (!file) return
  p12 = new Uint8Array(await file.arrayBuffer())
  $('p12-name').textContent = file.name
  $<HTMLFormElement>('password-form').hidden = false
  $<HTMLInputElement>('p12-password').focus()
})
$<HTMLFormElement>('password-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  try {
    const password = $<HTMLInputElement>('p12-password').value
    identity = await loadIdentity({ pkcs12: p12!, password })
    await siegelWorker.loadIdentity(p12!, password)
    $('identity-status').textContent =
      `Identität: ${identity.certificate.emailAddresses.join(', ')} (${identity.certificate.subject})`
    $<HTMLFormElement>('password-form').hidden = true
  } catch (error) {
    $('identity-status').textContent = `Konnte die Datei nicht öffnen — ${describeError(error)}`
  }
})

// Trusted roots: a root counts only after the user confirmed its fingerprint.
$<HTMLInputElement>('root-input').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0]
  if (!file) return
  const confirm = $<HTMLButtonElement>('root-confirm')
  // A new file replaces what the previous one showed, whether it can be read or not.
  $('root-fingerprint').textContent = ''
  confirm.hidden = true
  let root: Certificate
  try {
    root = Certificate.from(new Uint8Array(await file.arrayBuffer()))
  } catch (error) {
    $('root-status').textContent =
      `${file.name} ist kein Zertifikat — ${describeError(error)}` +
      (trustedRoots.length > 0
        ? ` Weiterhin vertraut: ${trustedRoots.map((r) => r.subject).join('; ')}`
        : '')
    return
  }
  $('root-status').textContent = ''
  $('root-fingerprint').textContent = `${root.subject}\nSHA-256: ${await root.fingerprint()}`
  confirm.hidden = false
  confirm.onclick = () => {
    trustedRoots.push(root)
    confirm.hidden = true
    $('root-status').textContent = `Vertraut: ${trustedRoots.map((r) => r.subject).join('; ')}`
  }
})

// 2. Open a message.
$<HTMLInputElement>('eml-input').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0]
  if (!file) return
  const summary = $('summary')
  if (file.size >= LARGE_MESSAGE_BYTES) return openLarge(file)
  try {
    const opened = await openMessage(new Uint8Array(await file.arrayBuffer()), {
      trustAnchors: trustedRoots,
      identities: identity ? [identity] : [],
      directory, // learns every signer whose signature is valid and whose chain is trusted
      messages: MESSAGES_DE,
    })
    const valid = isTrustworthy(opened)
    summary.textContent = opened.summary
    summary.className = valid ? 'good' : 'bad'
    const header = (field: string): string | undefined => shownHeader(opened, field)
    showDetails(header)
    // A signature that does not hold (tampered, forged, partial, not the sender, untrusted):
    // the content is shown only when the reader asks for it, after the warning.
    const doubtful = opened.layers.some(
      (l) => l.kind === 'signed' && l.verification.status !== 'valid',
    )
    showMessage(opened.message, { hidden: doubtful })
    for (const layer of opened.layers) {
      if (layer.kind === 'signed')
        receivedCertificates.push(...layer.verification.certificates.filter((c) => c.isCA))
    }
    showAddressBook()
    const from = header('from') ?? ''
    $<HTMLInputElement>('reply-subject').value = `Re: ${header('subject') ?? file.name}`
    if (from) $<HTMLInputElement>('reply-to').value = from
  } catch (error) {
    summary.textContent = `Konnte die Nachricht nicht öffnen — ${describeError(error)}`
    summary.className = 'bad'
    $('message-details').replaceChildren()
    showMessage(undefined, { hidden: false })
  }
})

// A large message: opened in the worker, the page stays responsive and can cancel. The address
// book learns from messages opened in the page only.
async function openLarge(file: File): Promise<void> {
  const summary = $('summary')
  summary.textContent = ''
  try {
    const eml = new Uint8Array(await file.arrayBuffer())
    const opened: WorkerOpened = await withProgress($('open-progress'), (options) =>
      siegelWorker.open(eml, { roots: trustedRoots.map((r) => r.der), ...options }),
    )
    summary.textContent = opened.summary
    summary.className = opened.valid ? 'good' : 'bad'
    showDetails((field) => opened.headers[field as keyof WorkerOpened['headers']])
    showContent(opened.text, opened.attachments, { hidden: !opened.valid })
  } catch (error) {
    const cancelled = (error as { code?: unknown }).code === 'ERR_SMIME_ABORTED'
    summary.textContent = cancelled
      ? 'Abgebrochen.'
      : `Konnte die Nachricht nicht öffnen — ${describeError(error)}`
    summary.className = 'bad'
    $('message-details').replaceChildren()
    showMessage(undefined, { hidden: false })
  }
}

// The header fields as the sender's program wrote them, outside every signature.
const DETAILS: readonly [field: string, label: string][] = [
  ['from', 'Von'],
  ['to', 'An'],
  ['subject', 'Betreff'],
  ['date', 'Datum'],
]

function showDetails(headerText: (field: string) => string | undefined): void {
  const rows = DETAILS.flatMap(([field, label]) => {
    const value = headerText(field)
    if (value === undefined) return []
    const date = field === 'date' ? new Date(value) : undefined
    const text =
      date && !Number.isNaN(date.getTime())
        ? date.toLocaleString('de-DE', { dateStyle: 'long', timeStyle: 'short' })
        : value
    return [
      Object.assign(document.createElement('dt'), { textContent: label }),
      Object.assign(document.createElement('dd'), { textContent: text }),
    ]
  })
  $('message-details').replaceChildren(...rows)
  $('message-details').title = 'Kopfzeilen außerhalb der Signatur: nicht geschützt'
}

function showMessage(
  message: Parameters<typeof collectContent>[0] | undefined,
  { hidden }: { hidden: boolean },
): void {
  const content = message ? collectContent(message) : undefined
  showContent(
    content ? (content.text ?? '(kein Text)') : '',
    (content?.attachments ?? []).map((part) => ({
      name: part.filename ?? part.contentType.mediaType,
      type: part.contentType.mediaType,
      bytes: part.content,
    })),
    { hidden },
  )
}

function showContent(
  text: string | undefined,
  attachments: readonly { name: string; type: string; bytes: Uint8Array }[],
  { hidden }: { hidden: boolean },
): void {
  const warning = $('content-warning')
  const container = $('message-content')
  warning.hidden = !hidden
  container.hidden = hidden
  $<HTMLButtonElement>('show-anyway').onclick = () => {
    warning.hidden = true
    container.hidden = false
  }
  $('message-text').textContent = text ?? '(kein Text)'
  const list = $('attachments')
  list.replaceChildren()
  for (const { name, type, bytes } of attachments) {
    const link = document.createElement('a')
    link.textContent = `${name} (${bytes.length} Bytes)`
    link.download = name
    link.href = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }))
    const item = document.createElement('li')
    item.append(link)
    list.append(item)
  }
}

function showAddressBook(): void {
  const addresses = directory.addresses()
  $('address-book').replaceChildren(
    ...addresses.map((address) =>
      Object.assign(document.createElement('li'), {
        textContent: `${address} — ${directory.lookup(address)[0]?.certificate.subject ?? ''}`,
      }),
    ),
  )
  $('known-addresses').replaceChildren(
    ...addresses.map((address) =>
      Object.assign(document.createElement('option'), { value: address }),
    ),
  )
}

// 3. A signed reply, downloaded as .eml.
$<HTMLFormElement>('reply-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const status = $('reply-status')
  if (!identity) {
    status.textContent = 'Bitte zuerst eine Identität laden.'
    return
  }
  try {
    // Encrypt when the address book knows the recipient's certificate; sign always.
    const to = parseAddressList($<HTMLInputElement>('reply-to').value)[0]?.address ?? ''
    const known = directory.lookup(to).length > 0
    const eml = await protectMessage(
      {
        from: identity.certificate.emailAddresses[0]!,
        to,
        subject: $<HTMLInputElement>('reply-subject').value,
        text: $<HTMLTextAreaElement>('reply-text').value,
      },
      {
        signWith: identity,
        encryptFor: known ? [to] : [], // resolved in the address book, algorithms included
        directory,
        trustAnchors: trustedRoots,
        intermediates: receivedCertificates,
      },
    )
    const link = document.createElement('a')
    link.href = URL.createObjectURL(
      new Blob([eml as Uint8Array<ArrayBuffer>], { type: 'message/rfc822' }),
    )
    link.download = 'antwort.eml'
    link.id = 'reply-download'
    link.textContent = `antwort.eml (${eml.length} Bytes, ${known ? 'signiert und verschlüsselt' : 'signiert'})`
    status.replaceChildren(link)
    link.click()
  } catch (error) {
    status.textContent = `Konnte nicht signieren — ${describeError(error)}`
  }
})

for (const id of ['p12-input', 'eml-input', 'root-input']) acceptDrops($<HTMLInputElement>(id))
showAddressBook()
// Every handler is attached (after the address book's IndexedDB opened): the page is usable.
document.documentElement.dataset.ready = 'true'

// pnpm bench: the streaming API in headless Chromium, on the main thread of a page. A mail with
// a base64 attachment is made in the page as a File (BENCH_STREAM_BROWSER_SIZE bytes, default
// 200 MiB); it is signed then encrypted (signStream → encryptStream, AES-256-GCM) into a Blob,
// and opened again (decryptStream → verifyStream). Reported: wall time of each direction and
// the renderer's peak resident memory over what it had before (VmHWM, Linux), beside the file
// size. Blob contents live in Chromium's browser process (its blob store, which pages to disk).
import {
  alicePems,
  launchChromium,
  peakRssMiB,
  rendererPids,
  rssMiB,
  servePage,
} from './browser-page.mjs'
import { label } from './report.mjs'

const PAGE = `
import { decryptStream, encryptStream, signStream, verifyStream } from '@siegel/core'
import { encodeBase64 } from '@siegel/mime'
import { Certificate, importPrivateKey, readPrivateKey } from '@siegel/pki'

/** A stream collected into a Blob, handed to the blob store every 16 MiB. */
async function toBlob(stream) {
  let blob = new Blob([])
  let pending = []
  let held = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    pending.push(value)
    held += value.length
    if (held >= 16 * 2 ** 20) {
      blob = new Blob([blob, ...pending])
      pending = []
      held = 0
    }
  }
  return new Blob([blob, ...pending])
}

window.bench = async (size, pems) => {
  const head = 'From: alice@example.org\\r\\nTo: alice@example.org\\r\\nSubject: bench\\r\\n' +
    'MIME-Version: 1.0\\r\\nContent-Type: application/octet-stream\\r\\n' +
    'Content-Transfer-Encoding: base64\\r\\n\\r\\n'
  let blob = new Blob([head])
  for (let done = 0; done < (size * 3) / 4; done += 57 * 65536 / 2) {
    const data = new Uint8Array(57 * 65536 / 2)
    for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536))
    blob = new Blob([blob, encodeBase64(data)])
  }
  const file = new File([blob], 'big.eml')
  blob = undefined
  const signer = { certificate: pems.cert, privateKey: await importPrivateKey(pems.key), chain: [pems.ca] }
  const me = { certificate: pems.cert, privateKey: await readPrivateKey(pems.key) }
  const root = Certificate.from(pems.root)
  const recipient = Certificate.from(pems.cert)
  const intermediates = [Certificate.from(pems.ca)]
  await new Promise((r) => setTimeout(r, 200))
  window.ready = true
  let start = performance.now()
  const signed = await signStream(file.stream(), signer)
  const sent = await toBlob(await encryptStream(signed, [recipient], {
    trustAnchors: [root], intermediates, contentEncryption: 'AES-256-GCM' }))
  const protectMs = performance.now() - start
  start = performance.now()
  // Released before the tag is checked: verifyStream rejects if the stream then fails.
  const opened = await decryptStream(sent.stream(), me, { releaseUnverified: true })
  let bytes = 0
  const signedContent = new WritableStream({ write: (chunk) => void (bytes += chunk.length) })
  const verdict = await verifyStream(opened.content, { trustAnchors: [root], signedContent })
  const openMs = performance.now() - start
  return { fileBytes: file.size, sentBytes: sent.size, protectMs, openMs, status: verdict.status, bytes }
}
`

async function main() {
  const size = Number(process.env.BENCH_STREAM_BROWSER_SIZE ?? 200 * 2 ** 20)
  const server = await servePage('siegel-bench-stream-browser-', PAGE)
  const pems = alicePems()
  console.log('Streaming in Chromium (main thread): a File signed then encrypted (AES-256-GCM),')
  console.log('then decrypted and verified. Memory: renderer peak RSS over its RSS before.\n')
  console.log(
    '| file | sign + encrypt | decrypt + verify | verdict | renderer peak growth | ÷ file |',
  )
  console.log('|---|---|---|---|---|---|')
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.goto(server.url)
    await page.waitForFunction(() => 'bench' in globalThis)
    const pids = await rendererPids(browser)
    const running = page.evaluate(([s, p]) => globalThis.bench(s, p), [size, pems])
    // The baseline once the file is made, just before the streaming starts.
    await Promise.race([
      page.waitForFunction(() => globalThis.ready === true, null, { timeout: 600000 }),
      running,
    ])
    const before = Math.max(...pids.map(rssMiB))
    const result = await running
    const growth = Math.max(...pids.map(peakRssMiB)) - before
    console.log(
      `| ${(result.fileBytes / 2 ** 20).toFixed(0)} MiB | ${(result.protectMs / 1000).toFixed(1)} s | ${(result.openMs / 1000).toFixed(1)} s | ${result.status} | ${growth.toFixed(0)} MiB | ${(growth / (result.fileBytes / 2 ** 20)).toFixed(2)}× |`,
    )
  } catch (error) {
    console.log(`| ${label(size)} | fails: ${String(error).split('\n')[0].slice(0, 80)} | | | | |`)
  } finally {
    await browser.close()
    await server.close()
  }
}

await main()

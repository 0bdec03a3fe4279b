// Child process: parse one file with one library and report the peak RSS growth over the
// resident size just before parsing (input already in memory), in bytes. The high-water
// mark is reset first (Linux /proc/self/clear_refs "5"): a child inherits its parent's at fork.
import { readFileSync, writeFileSync } from 'node:fs'

const [library, file] = process.argv.slice(2)
const buffer = readFileSync(file)
const input = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length)
const parse = await parser(library)
globalThis.gc?.()
const linux = resetHighWater()
const before = linux ? status('VmRSS') : process.memoryUsage().rss
const result = await parse(input)
// Elsewhere the process-wide maximum is the best there is (it may include the parent's).
const peak = linux ? status('VmHWM') : process.resourceUsage().maxRSS * 1024
// Keep the result alive until the peak has been read.
if (result === undefined) process.exit(1)
process.stdout.write(JSON.stringify({ growth: peak - before }))

function resetHighWater() {
  try {
    writeFileSync('/proc/self/clear_refs', '5')
    return true
  } catch (error) {
    process.stderr.write(`peak memory is approximate: ${error.code ?? error}\n`)
    return false
  }
}

function status(field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync('/proc/self/status', 'utf8'),
  )
  if (!match) throw new Error(`no ${field} in /proc/self/status`)
  return Number(match[1]) * 1024
}

async function parser(name) {
  if (name === 'siegel') {
    const { parseMessage } = await import('@siegel/mime')
    // Every part's content is read, so large attachments are decoded as the others decode them.
    const readAll = (part) => {
      void part.content
      for (const child of part.children) readAll(child)
      return part
    }
    return (bytes) => readAll(parseMessage(bytes))
  }
  if (name === 'postal-mime') {
    const { default: PostalMime } = await import('postal-mime')
    return (bytes) => PostalMime.parse(bytes, { attachmentEncoding: 'arraybuffer' })
  }
  const { simpleParser } = (await import('mailparser')).default
  return (bytes) => simpleParser(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length))
}

// Tiny argument handling shared by the scripts: --name value pairs and positional files.
import { parseArgs } from 'node:util'

/** @param {Record<string, { type: 'string' | 'boolean', multiple?: boolean }>} options */
export function cli(options, usage) {
  try {
    return parseArgs({ options: { ...options, help: { type: 'boolean' } }, allowPositionals: true })
  } catch (error) {
    console.error(`${error.message}\n\n${usage}`)
    process.exit(2)
  }
}

/** A password from the environment variable named by --password-env, never from the command line. */
export function passwordFrom(name) {
  const value = name ? process.env[name] : undefined
  if (name && value === undefined) {
    console.error(`environment variable ${name} is not set`)
    process.exit(2)
  }
  return value
}

/** Options for roots trusted with their fingerprint: `--root FILE --fingerprint SHA256`, repeatable. */
export const ROOT_OPTIONS = {
  root: { type: 'string', multiple: true },
  fingerprint: { type: 'string', multiple: true },
}

/** The roots given as `--root FILE --fingerprint SHA256` pairs; undefined if a fingerprint is missing. */
export function rootsFrom(values) {
  const roots = (values.root ?? []).map((file, i) => ({ file, sha256: values.fingerprint?.[i] }))
  return roots.every((root) => root.sha256) ? roots : undefined
}

/**
 * Exit statuses of the scripts, for shell pipelines: 0 done (every signature valid), 1 an error,
 * 2 wrong arguments, then the verdicts of open.mjs.
 */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  invalid: 3,
  untrusted: 4,
  notARecipient: 5,
  senderMismatch: 6,
  partiallySigned: 7,
  unknownSigner: 8,
}

// Errors that mean "not for you" rather than "broken": the message names other recipients.
const NOT_FOR_YOU = new Set(['ERR_SMIME_NOT_A_RECIPIENT', 'ERR_SMIME_IDENTITY_REQUIRED'])

/**
 * Runs the script's work; an error ends it with its code and message, not a stack trace, as
 * JSON (`{ "error": { "code", "message" } }`) when `json` is set.
 */
export async function run(work, { json = false } = {}) {
  try {
    await work()
  } catch (error) {
    if (json) {
      console.log(JSON.stringify({ error: { code: error.code, message: error.message } }))
    } else {
      const coded = error.code && !error.message.startsWith(error.code)
      console.error(coded ? `${error.code}: ${error.message}` : error.message)
    }
    process.exit(NOT_FOR_YOU.has(error.code) ? EXIT.notARecipient : EXIT.error)
  }
}

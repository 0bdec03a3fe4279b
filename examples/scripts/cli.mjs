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

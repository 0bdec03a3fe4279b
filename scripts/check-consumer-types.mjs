// Checks that the packed packages' declarations type-check in a Node-only TypeScript project:
// `lib: ["es2022"]` without the DOM, `types: ["node"]`, `skipLibCheck: false`, as a consumer
// writes it. Run by `pnpm check:packaging` after the build.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve('.')
const consumer = mkdtempSync(join(tmpdir(), 'siegel-consumer-'))
const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) {
    console.error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
    process.exit(1)
  }
  return result.stdout
}

try {
  const modules = join(consumer, 'node_modules')
  for (const pkg of ['mime', 'pki', 'core']) {
    // The tarball npm would publish, unpacked where an installed package lies.
    run('pnpm', ['pack', '--pack-destination', consumer], join(root, 'packages', pkg))
    const tarball = readdirSync(consumer).find((f) => f.startsWith(`siegel-${pkg}-`))
    const target = join(modules, '@siegel', pkg)
    mkdirSync(target, { recursive: true })
    run('tar', ['-xzf', join(consumer, tarball), '-C', target, '--strip-components=1'], consumer)
    rmSync(join(consumer, tarball))
  }
  // Their dependencies and Node's types, from this workspace.
  mkdirSync(join(modules, '@types'), { recursive: true })
  mkdirSync(join(modules, '@noble'), { recursive: true })
  symlinkSync(join(root, 'node_modules/@types/node'), join(modules, '@types/node'))
  for (const [name, from] of [
    ['hashes', 'pki'],
    ['ciphers', 'core'],
  ])
    symlinkSync(
      join(root, `packages/${from}/node_modules/@noble/${name}`),
      join(modules, '@noble', name),
    )
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['es2022'],
        types: ['node'],
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      },
      include: ['index.mts', 'index.cts'],
    }),
  )
  // Types of WebCrypto must resolve to Node's own, not to a missing name or to `any`.
  const use = `
const key = await pki.importPrivateKey('')
const name: string = key.algorithm.name
const options: core.VerifyOptions = { crypto: globalThis.crypto }
const identity = await core.loadIdentity({ certificate: '', privateKey: '' })
export const used = [name, options, mime.parseMessage, identity.certificate.subject]
`
  writeFileSync(
    join(consumer, 'index.mts'),
    `import * as core from '@siegel/core'\nimport * as mime from '@siegel/mime'\nimport * as pki from '@siegel/pki'\n${use}`,
  )
  writeFileSync(
    join(consumer, 'index.cts'),
    `import core = require('@siegel/core')\nimport mime = require('@siegel/mime')\nimport pki = require('@siegel/pki')\nexport const used = [core.verifyMessage, mime.parseMessage, pki.Certificate]\n`,
  )
  run(join(root, 'node_modules/.bin/tsc'), ['-p', consumer], consumer)
  console.log('check-consumer-types: the packed declarations type-check without the DOM lib')
} finally {
  rmSync(consumer, { recursive: true, force: true })
}

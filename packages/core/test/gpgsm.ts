// A throwaway gpgsm home for interop tests (Node only): the test root is trusted, CRL and policy
// checks are off (the test PKI publishes no CRLs), keys are imported without a pinentry.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Gpgsm {
  run(args: readonly string[], input?: string): { ok: boolean; status: string; stderr: string }
  /** Imports a certificate and its key, through a PKCS#12 file OpenSSL makes (gpgsm's way in). */
  importKey(certificatePath: string, keyPath: string): void
  close(): void
}

const MAX_IMPORT_ATTEMPTS = 4

export function gpgsmHome(trustedRootSha1: string, certificates: readonly string[]): Gpgsm {
  const home = mkdtempSync(join(tmpdir(), 'siegel-gpgsm-'))
  writeFileSync(join(home, 'gpgsm.conf'), 'disable-crl-checks\ndisable-policy-checks\n')
  writeFileSync(join(home, 'gpg-agent.conf'), 'allow-loopback-pinentry\n')
  writeFileSync(join(home, 'trustlist.txt'), `${trustedRootSha1} S relax\n`)
  const env = { ...process.env, GNUPGHOME: home }
  const run: Gpgsm['run'] = (args, input) => {
    const result = spawnSync(
      'gpgsm',
      ['--batch', '--status-fd', '1', '--pinentry-mode', 'loopback', ...args],
      { env, input, encoding: 'utf8' },
    )
    return { ok: result.status === 0, status: result.stdout, stderr: result.stderr }
  }
  const imported = run(['--import', ...certificates])
  if (!imported.ok) throw new Error(`gpgsm --import failed: ${imported.stderr}`)
  const importKey: Gpgsm['importKey'] = (certificatePath, keyPath) => {
    // gpgsm 2.2's PKCS#12 reader fails on about 1 in 30 files OpenSSL writes ("data error at
    // shrouded_key_bag.decrypted-text"), depending on the random salt: a fresh file is tried.
    const failures: string[] = []
    for (let attempt = 1; attempt <= MAX_IMPORT_ATTEMPTS; attempt++) {
      const p12 = join(home, `import-${Date.now()}-${attempt}.p12`)
      // gpgsm 2.2 reads only the legacy PKCS#12 ciphers.
      const made = spawnSync('openssl', [
        ...['pkcs12', '-export', '-legacy', '-in', certificatePath, '-inkey', keyPath],
        ...['-passout', 'pass:test', '-out', p12],
      ])
      if (made.status !== 0) throw new Error(`openssl pkcs12 failed: ${made.stderr.toString()}`)
      const keyImport = run(['--passphrase-fd', '0', '--import', p12], 'test\n')
      if (keyImport.ok) return
      failures.push(keyImport.stderr)
    }
    throw new Error(`gpgsm --import failed ${MAX_IMPORT_ATTEMPTS} times: ${failures.join('\n')}`)
  }
  return { run, importKey, close: () => void spawnSync('gpgconf', ['--kill', 'all'], { env }) }
}

// A small CA made with `openssl ca` in a temporary directory, an HTTP server on loopback that
// serves its CRL, and `openssl ocsp` as its OCSP responder behind a loopback HTTP server. Node only; stopped by `stop()`.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface LoopbackPki {
  dir: string
  pem(name: string): string
  crlPort: number
  ocspPort: number
  /** What the CRL server sends: the real CRL, one with a broken signature, or 404. */
  crlMode: 'good' | 'bad-signature' | 'missing'
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

const CONFIG = (dir: string, crlPort: number, ocspPort: number): string => `
[ca]
default_ca = ca_default
[ca_default]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
default_crl_days = 30
policy = any
unique_subject = no
[any]
commonName = supplied
[root]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign, digitalSignature
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
subjectAltName = email:$ENV::EMAIL
crlDistributionPoints = URI:http://127.0.0.1:${crlPort}/ca.crl
authorityInfoAccess = OCSP;URI:http://127.0.0.1:${ocspPort}/
`

export async function startLoopbackPki(): Promise<LoopbackPki> {
  const dir = mkdtempSync(join(tmpdir(), 'siegel-revocation-'))
  const crlPort = await freePort()
  const ocspPort = await freePort()
  writeFileSync(join(dir, 'ca.cnf'), CONFIG(dir, crlPort, ocspPort))
  writeFileSync(join(dir, 'index.txt'), '')
  writeFileSync(join(dir, 'serial'), '1000\n')
  writeFileSync(join(dir, 'crlnumber'), '01\n')
  const run = (args: string[], email = 'nobody@example.org'): void => {
    execFileSync('openssl', args, {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, EMAIL: email },
    })
  }
  const ca = ['-batch', '-config', 'ca.cnf', '-notext', '-days', '365']
  run([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-subj',
    '/CN=Loopback CA',
    '-out',
    'ca.csr',
  ])
  run([
    'ca',
    ...ca,
    '-selfsign',
    '-keyfile',
    'ca.key',
    '-extensions',
    'root',
    '-in',
    'ca.csr',
    '-out',
    'ca.pem',
  ])
  for (const name of ['good', 'revoked']) {
    run([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-subj',
      `/CN=${name}`,
      '-out',
      `${name}.csr`,
    ])
    run(
      [
        'ca',
        ...ca,
        '-cert',
        'ca.pem',
        '-keyfile',
        'ca.key',
        '-extensions',
        'leaf',
        '-in',
        `${name}.csr`,
        '-out',
        `${name}.pem`,
      ],
      `${name}@example.org`,
    )
  }
  // Signed by the CA but never recorded in its database: the responder does not know it.
  run([
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'unknown.key',
    '-subj',
    '/CN=unknown',
    '-out',
    'unknown.csr',
  ])
  writeFileSync(
    join(dir, 'unknown.ext'),
    CONFIG(dir, crlPort, ocspPort)
      .split('[leaf]')[1]!
      .replace('$ENV::EMAIL', 'unknown@example.org'),
  )
  run([
    'x509',
    '-req',
    '-in',
    'unknown.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-set_serial',
    '77777',
    '-days',
    '365',
    '-extfile',
    'unknown.ext',
    '-out',
    'unknown.pem',
  ])
  run([
    'ca',
    '-config',
    'ca.cnf',
    '-revoke',
    'revoked.pem',
    '-crl_reason',
    'keyCompromise',
    '-keyfile',
    'ca.key',
    '-cert',
    'ca.pem',
  ])
  run([
    'ca',
    '-config',
    'ca.cnf',
    '-gencrl',
    '-keyfile',
    'ca.key',
    '-cert',
    'ca.pem',
    '-out',
    'ca.crl.pem',
  ])
  run(['crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl'])
  const crl = readFileSync(join(dir, 'ca.crl'))
  const broken = Uint8Array.from(crl)
  broken[broken.length - 5] = broken[broken.length - 5]! ^ 0xff

  const pki: LoopbackPki = {
    dir,
    crlPort,
    ocspPort,
    crlMode: 'good',
    pem: (name) => readFileSync(join(dir, `${name}.pem`), 'latin1'),
    stop: async () => {
      await new Promise<void>((resolve) => http.close(() => resolve()))
      await new Promise<void>((resolve) => ocsp.close(() => resolve()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
  const http: Server = createServer((request, response) => {
    if (request.url !== '/ca.crl' || pki.crlMode === 'missing') {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': 'application/pkix-crl' })
    response.end(pki.crlMode === 'good' ? crl : broken)
  })
  await new Promise<void>((resolve) => http.listen(crlPort, '127.0.0.1', resolve))
  // `openssl ocsp` answers each request (its -port server cannot bind to loopback only, so it
  // runs once per request behind this loopback server).
  const ocsp: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (c: Buffer) => chunks.push(c))
    request.on('end', () => {
      const id = `${Date.now()}-${Math.random().toString(16).slice(2)}`
      writeFileSync(join(dir, `req-${id}.der`), Buffer.concat(chunks))
      execFile(
        'openssl',
        [
          'ocsp',
          '-index',
          'index.txt',
          '-rsigner',
          'ca.pem',
          '-rkey',
          'ca.key',
          '-CA',
          'ca.pem',
          '-reqin',
          `req-${id}.der`,
          '-respout',
          `resp-${id}.der`,
        ],
        { cwd: dir },
        (error) => {
          if (error) {
            response.writeHead(500).end()
            return
          }
          response.writeHead(200, { 'content-type': 'application/ocsp-response' })
          response.end(readFileSync(join(dir, `resp-${id}.der`)))
        },
      )
    })
  })
  await new Promise<void>((resolve) => ocsp.listen(ocspPort, '127.0.0.1', resolve))
  return pki
}

// Sending and receiving through a real mail server: Siegel signs, nodemailer sends the bytes to
// an SMTP server on loopback, and the received bytes are opened and verified.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import { SMTPServer } from 'smtp-server'
import { loadIdentity, openMessage, protectMessage } from '@siegel/core'
import { Certificate } from '@siegel/pki'

/**
 * @param {{ pkiDir: string, log?: (line: string) => void }} options
 * @returns {Promise<{ sent: Uint8Array, received: Uint8Array, summary: string }>}
 */
export async function runSmtpRoundTrip({ pkiDir, log = console.log }) {
  const pem = (name) => readFileSync(join(pkiDir, name), 'utf8')
  const alice = await loadIdentity({
    certificate: pem('alice.pem'),
    privateKey: pem('alice.key.pem'),
    chain: [pem('intermediate.pem')],
  })

  const received = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks = []
      stream.on('data', (chunk) => chunks.push(chunk))
      stream.on('end', () => {
        received.push(new Uint8Array(Buffer.concat(chunks)))
        callback()
      })
    },
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.server.address()
  log(`SMTP server listening on 127.0.0.1:${port}`)

  try {
    const sent = await protectMessage(
      {
        from: 'alice@example.org',
        to: 'office@example.de',
        subject: 'Signiert über SMTP',
        text: 'Diese Nachricht ist signiert.\n',
      },
      { signWith: alice },
    )
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
    })
    // `raw` hands nodemailer the finished message: it must not touch a single signed byte.
    await transport.sendMail({
      envelope: { from: 'alice@example.org', to: ['office@example.de'] },
      raw: Buffer.from(sent),
    })
    transport.close()
    log(`sent ${sent.length} bytes, received ${received[0]?.length ?? 0} bytes`)

    const opened = await openMessage(received[0], {
      trustAnchors: [Certificate.from(pem('root.pem'))],
    })
    log(`opened: ${opened.summary}`)
    return { sent, received: received[0], summary: opened.summary }
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

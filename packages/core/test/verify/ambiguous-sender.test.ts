import PostalMime from 'postal-mime'
import { describe, expect, it } from 'vitest'
import { Certificate } from '@siegel/pki'
import { openMessage, verifyMessage } from '@siegel/core'
import { vector } from '../vectors.js'
import { dec, enc } from '../helpers.js'

// A genuine message signed by manager@bigcorporation.de ("Johnny, You Are Fired"), with header
// games played on its unsigned outer header block.
const anchor = Certificate.from(vector('johnny-fired/assets/certificates/intermediate_ca.crt'))
const at = new Date('2020-01-01T00:00:00Z')
const genuine = dec(vector('johnny-fired/assets/valid-signed/manager-smime.eml'))
const options = { trustAnchors: [anchor], at }

describe('a sender readers disagree about is never valid', () => {
  it('the genuine message is valid (the baseline)', async () => {
    expect((await verifyMessage(genuine, options)).status).toBe('valid')
  })

  it('"From : evil" on the first line is a second From: sender-mismatch, ERR_SMIME_AMBIGUOUS_SENDER', async () => {
    const forged = `From : evil@attacker.example\r\n${genuine}`
    // Another reader shows the attacker as the sender.
    expect((await PostalMime.parse(forged)).from?.address).toBe('evil@attacker.example')
    const result = await verifyMessage(enc(forged), options)
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.status).toBe('sender-mismatch')
    expect(result.problems.map((p) => p.code)).toEqual(['ERR_SMIME_AMBIGUOUS_SENDER'])
    expect(result.signers[0]!.sender.claimed).toContain('evil@attacker.example')
  })

  it('a second Sender field is ERR_SMIME_AMBIGUOUS_SENDER even when every address matches', async () => {
    const doubled = genuine.replace(
      'Subject:',
      'Sender: manager@bigcorporation.de\r\nSender: manager@bigcorporation.de\r\nSubject:',
    )
    const result = await verifyMessage(doubled, options)
    expect(result.signers[0]!.sender.matches).toBe(true)
    expect(result.status).toBe('sender-mismatch')
    expect(result.problems.map((p) => p.code)).toEqual(['ERR_SMIME_AMBIGUOUS_SENDER'])
  })

  it('a From hidden behind a stray header line is ERR_SMIME_AMBIGUOUS_SENDER', async () => {
    const hidden = genuine.replace(
      /boundary="BOUNDARY"\r?\n/,
      '$&X Y: not a field\r\nFrom: evil@attacker.example\r\n',
    )
    expect(hidden).not.toBe(genuine)
    const result = await verifyMessage(hidden, options)
    expect(result.signers[0]!.signature.valid).toBe(true)
    expect(result.status).toBe('sender-mismatch')
    expect(result.problems.map((p) => p.code)).toEqual(['ERR_SMIME_AMBIGUOUS_SENDER'])
  })

  it('openMessage carries the outer ambiguity into the signed layer', async () => {
    const opened = await openMessage(`From : evil@attacker.example\r\n${genuine}`, options)
    const layer = opened.layers[0]!
    expect(layer.kind === 'signed' && layer.verification.status).toBe('sender-mismatch')
    expect(layer.kind === 'signed' && layer.verification.problems.map((p) => p.code)).toEqual([
      'ERR_SMIME_AMBIGUOUS_SENDER',
    ])
  })
})

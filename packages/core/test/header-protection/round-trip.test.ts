// What protectMessage writes with header protection, read back by openMessage: for every Header
// Confidentiality Policy and every kind of protection, the reader shows the protected fields,
// finds nothing altered, records the obscured ones as the sender's own, removes the Legacy
// Display Element it wrote, and binds the signer to the protected From.
import { describe, expect, it } from 'vitest'
import { openMessage } from '@siegel/core'
import { root } from '../helpers.js'
import { bob, compose, kinds, policies } from './compose-cases.js'

const SUBJECT = 'Bescheid über die Baugenehmigung 4711'

describe.each(kinds)('%s, composed and opened', (kind) => {
  it.each(policies)('%s: the protected fields are shown, none found altered', async (policy) => {
    const eml = await compose(kind, policy)
    const opened = await openMessage(eml, { identities: [bob], trustAnchors: [root] })
    const { headers } = opened
    expect(headers.form).toBe('rfc9788')
    expect(headers.hp).toBe(kind === 'signed' ? 'clear' : 'cipher')
    expect(headers.protectedFields).toEqual(
      expect.arrayContaining(['from', 'to', 'cc', 'subject', 'date', 'message-id']),
    )
    expect(headers.onlyOutside).toEqual([])
    const subject = headers.shown.find((f) => f.name.toLowerCase() === 'subject')
    expect(subject).toMatchObject({ protected: true })
    expect(JSON.stringify(subject)).toContain('Baugenehmigung 4711')
    expect(headers.differences.filter((d) => d.kind === 'altered')).toEqual([])
    if (kind !== 'signed' && policy !== 'hcp_no_confidentiality') {
      expect(headers.differences).toContainEqual(
        expect.objectContaining({ name: 'subject', kind: 'obscured' }),
      )
      // The element it wrote repeats the protected fields, so it is taken out of the text.
      expect(headers.legacyDisplay.length).toBeGreaterThan(0)
      for (const element of headers.legacyDisplay) {
        expect(element.removed).toBe(true)
        expect(element.text).not.toContain(`Subject: ${SUBJECT}`)
      }
    } else expect(headers.legacyDisplay).toEqual([])
    if (kind !== 'encrypted') {
      const signed = opened.layers.find((l) => l.kind === 'signed')
      expect(signed?.kind === 'signed' && signed.verification.status).toBe('valid')
      expect(opened.summary).not.toMatch(/changed|NOT the signed From/)
    }
  })
})

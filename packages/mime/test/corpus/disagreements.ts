// Where Siegel and postal-mime (the test oracle) read a corpus message differently, and why.
// The corpus test fails if a disagreement appears that is not listed here, or if a listed one
// goes away, so this list stays exact.
export const DISAGREEMENTS: Record<string, { on: string[]; reason: string }> = {
  'enmime/testdata/low-quality/incorrect-charset.raw': {
    on: ['text'],
    reason:
      'declared us-ascii but the bytes are UTF-8: Siegel reads valid UTF-8 as UTF-8, postal-mime decodes by the label and gets mojibake',
  },
  'enmime/testdata/mail/epilogue-sample.raw': {
    on: ['attachments'],
    reason:
      'the close delimiter line is "--boundary-->": Siegel takes it as the close delimiter (nothing longer can match), postal-mime does not and decodes the epilogue into the attachment',
  },
  'enmime/testdata/mail/erroneous.raw': {
    on: ['text'],
    reason:
      'no header at all: Siegel reads the line as a text/plain body (RFC 2045 §5.2 default), postal-mime reports no body',
  },
  'enmime/testdata/mail/qp-utf8-header-no-break.raw': {
    on: ['text'],
    reason:
      'no empty line after the header block: Siegel starts the body at the first line that is no field and finds the multipart, postal-mime reads no body',
  },
  'enmime/testdata/parts/chardet-fail.raw': {
    on: ['text'],
    reason:
      'a text/plain part without charset holding GIF bytes: Siegel falls back to windows-1252 (no byte lost), postal-mime to UTF-8 with replacement characters',
  },
  'enmime/testdata/parts/empty-ctype-bad-content.raw': {
    on: ['attachments', 'text'],
    reason:
      'Content-Type "<html>" is unusable: Siegel applies the RFC 2045 §5.2 default text/plain and shows the text, postal-mime makes it an attachment',
  },
  'mikel-mail/plain_emails/raw_email_incorrect_header.eml': {
    on: ['text'],
    reason:
      'a header line "quite Delivered-To: ..." is no field: Siegel starts the body there (a signer and a verifier must agree where headers end), postal-mime skips it and reads on',
  },
  'mimekit/messages/disposition-notification.txt': {
    on: ['attachments'],
    reason:
      'the message/rfc822 returned in a multipart/report (RFC 6522): Siegel lists it as an attachment, postal-mime inlines it for disposition notifications',
  },
}

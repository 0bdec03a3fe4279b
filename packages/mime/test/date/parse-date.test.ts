import { describe, expect, it } from 'vitest'
import { parseDate } from '@siegel/mime'

describe('parseDate', () => {
  it.each([
    ['Fri, 21 Nov 1997 09:55:06 -0600', '1997-11-21T15:55:06.000Z'], // RFC 5322 A.1.1
    ['Tue, 1 Jul 2003 10:52:37 +0200', '2003-07-01T08:52:37.000Z'], // RFC 5322 A.1.2
    ['Thu, 13 Feb 1969 23:32:54 -0330', '1969-02-14T03:02:54.000Z'], // RFC 5322 A.1.3
    ['21 Nov 97 09:55:06 GMT', '1997-11-21T09:55:06.000Z'], // RFC 5322 A.5 obsolete
    ['Fri, 21 Nov 1997 09:55:06 -0600 (MDT)', '1997-11-21T15:55:06.000Z'],
    ['Mon, 1 Jan 18 10:00 EST', '2018-01-01T15:00:00.000Z'],
    ['1 Jan 2024 10:00:00', '2024-01-01T10:00:00.000Z'],
    ['Wed, 02 Oct 2002 08:00:00 PDT', '2002-10-02T15:00:00.000Z'],
    ['Thursday, 8 Mar 2005 17:40:36 EDT', '2005-03-08T21:40:36.000Z'],
    ['Tue May 10 11:28:07 2005', '2005-05-10T11:28:07.000Z'],
    ['2024-01-31 12:00:00 +01:00', '2024-01-31T11:00:00.000Z'],
    ['Sat, 31 Dec 2016 23:59:60 +0000', '2017-01-01T00:00:00.000Z'],
  ])('reads %j', (value, iso) => {
    expect(parseDate(value)?.toISOString()).toBe(iso)
  })

  it.each([
    '',
    'yesterday',
    '32 Jan 2024 10:00',
    '30 Feb 2024 10:00',
    '1 Foo 2024 10:00',
    'x'.repeat(300),
  ])('returns undefined for %j', (value) => {
    expect(parseDate(value)).toBeUndefined()
  })
})

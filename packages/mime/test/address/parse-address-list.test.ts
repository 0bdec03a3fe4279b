import { describe, expect, it } from 'vitest'
import { parseAddressList, readAddressList } from '@siegel/mime'

describe('parseAddressList', () => {
  it.each([
    [
      '"john q. public" <"john doe"@example.org>',
      [{ name: 'john q. public', address: '"john doe"@example.org' }],
    ],
    ['jdoe@example.org (John Doe)', [{ name: 'John Doe', address: 'jdoe@example.org' }]],
    [
      'Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>',
      [{ name: 'Pete', address: 'pete@silly.test' }],
    ],
    ['<@route.example:joe@example.org>', [{ address: 'joe@example.org' }]],
    ['Jörg <jörg@bücher.example>', [{ name: 'Jörg', address: 'jörg@bücher.example' }]],
    [
      '=?UTF-8?B?TcO8bGxlciwgSsO2cmc=?= <j@example.de>',
      [{ name: 'Müller, Jörg', address: 'j@example.de' }],
    ],
    [
      'A Group:Ed Jones <c@a.test>,joe@where.test;, John <jdoe@one.test>',
      [
        { name: 'Ed Jones', address: 'c@a.test', group: 'A Group' },
        { address: 'joe@where.test', group: 'A Group' },
        { name: 'John', address: 'jdoe@one.test' },
      ],
    ],
    ['Undisclosed recipients:;', []],
    ['', []],
  ])('parses %j', (value, expected) => {
    expect(parseAddressList(value)).toEqual(expected)
  })
})

describe('readAddressList', () => {
  it.each([
    ['Big Bug bb@bug.com', 'Big Bug bb@bug.com'],
    ['a@example.org b@example.org', 'a@example.org b@example.org'],
    ['Alice <a@example.org b@example.org>', 'Alice <a@example.org b@example.org>'],
    ['a@@example.org', 'a@@example.org'],
  ])('reports %j as no address instead of inventing one', (value, text) => {
    const { mailboxes, problems } = readAddressList(value)
    expect(mailboxes).toEqual([])
    expect(problems).toEqual([{ text, message: expect.any(String) }])
    expect(parseAddressList(value)).toEqual([])
  })

  it('keeps the good items beside a bad one, and allows the white space obsolete syntax allows', () => {
    const { mailboxes, problems } = readAddressList(
      'ok@example.org, Big Bug bb@bug.com, pete @ silly . test, "john doe"@example.org',
    )
    expect(mailboxes).toEqual([
      { address: 'ok@example.org' },
      { address: 'pete@silly.test' },
      { address: '"john doe"@example.org' },
    ])
    expect(problems.map((p) => p.text)).toEqual(['Big Bug bb@bug.com'])
  })

  it('reports nothing for items without an address (an empty group, a bare name)', () => {
    expect(readAddressList('Undisclosed recipients:;, Max Mustermann')).toEqual({
      mailboxes: [],
      problems: [],
    })
  })
})

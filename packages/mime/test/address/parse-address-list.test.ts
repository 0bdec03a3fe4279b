import { describe, expect, it } from 'vitest'
import { parseAddressList } from '@siegel/mime'

describe('parseAddressList', () => {
  it.each([
    [
      '"john q. public" <"john doe"@example.org>',
      [{ name: 'john q. public', address: '"john doe"@example.org' }],
    ],
    ['jdoe@example.org (John Doe)', [{ name: 'John Doe', address: 'jdoe@example.org' }]],
    [
      'Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>',
      [{ name: 'Pete', address: 'pete(his account)@silly.test(his host)' }],
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

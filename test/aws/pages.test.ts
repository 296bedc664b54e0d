import { describe, expect, it } from 'vitest'
import { allPages, byName, chunks, readEach } from '../../src/lib/aws/pages.js'

/** A fake list API over `pages`, where page i's token is `t<i+1>`, recording the tokens asked for. */
function pagedApi(pages: string[][]) {
  const asked: (string | undefined)[] = []
  const fetchPage = async (token: string | undefined) => {
    asked.push(token)
    const index = token === undefined ? 0 : Number(token.slice(1))
    return { items: pages[index] ?? [], next: index + 1 < pages.length ? `t${index + 1}` : undefined }
  }
  return { asked, fetchPage }
}

describe('allPages', () => {
  it('follows the tokens until a page has none', async () => {
    const api = pagedApi([['a'], ['b'], ['c']])
    const pages = await allPages(api.fetchPage, (page) => page.next)
    expect(pages.flatMap((page) => page.items)).toEqual(['a', 'b', 'c'])
    expect(api.asked).toEqual([undefined, 't1', 't2'])
  })

  it('stops early when asked to', async () => {
    const api = pagedApi([['a'], ['b'], ['c']])
    const pages = await allPages(api.fetchPage, (page) => page.next, { stopWhen: (page) => page.items.includes('b') })
    expect(pages.flatMap((page) => page.items)).toEqual(['a', 'b'])
    expect(api.asked).toEqual([undefined, 't1'])
  })

  it('treats an empty token as the end, and ends on a repeated token instead of looping', async () => {
    expect(await allPages(async () => ({ next: '' }), (page) => page.next)).toHaveLength(1)
    let calls = 0
    const pages = await allPages(
      async () => ({ n: ++calls }),
      () => 'same',
    )
    expect(pages).toHaveLength(2)
  })
})

describe('chunks', () => {
  it('splits into lists of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]])
    expect(chunks([], 20)).toEqual([])
  })
})

describe('readEach', () => {
  it('reads each distinct key once and drops the absent ones', async () => {
    const asked: string[] = []
    const result = await readEach(['a', 'b', 'a', 'c'], async (key) => {
      asked.push(key)
      return key === 'b' ? undefined : key.toUpperCase()
    })
    expect(result).toEqual({ a: 'A', c: 'C' })
    expect(asked).toEqual(['a', 'b', 'c'])
  })
})

describe('byName', () => {
  it('keys the items by name and keeps those with the prefix', () => {
    const items = [{ n: 'web-cpu' }, { n: 'web-api-cpu' }, { n: 'other' }, {}] as { n?: string }[]
    expect(byName(items, (item) => item.n, 'web-')).toEqual({ 'web-cpu': { n: 'web-cpu' }, 'web-api-cpu': { n: 'web-api-cpu' } })
  })
})

// Pagination without the SDK's per-service paginators: every list API the readers use pages
// with a token (NextToken, Marker, nextToken), and one loop serves them all.

export interface PageOptions<Page> {
  /** Stop early once a page holds what the caller looks for. */
  stopWhen?: (page: Page) => boolean
}

/**
 * Fetches pages one after another, passing each page's token to the next request, until a
 * page has no token. A token seen twice ends the loop instead of looping for ever.
 */
export async function allPages<Page>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  nextToken: (page: Page) => string | undefined,
  options: PageOptions<Page> = {},
): Promise<Page[]> {
  const pages: Page[] = []
  const seen = new Set<string>()
  let token: string | undefined
  do {
    const page = await fetchPage(token)
    pages.push(page)
    if (options.stopWhen?.(page)) break
    token = nextToken(page) || undefined
    if (token !== undefined && seen.has(token)) break
    if (token !== undefined) seen.add(token)
  } while (token !== undefined)
  return pages
}

/** Splits `items` into lists of at most `size` (APIs such as ELBv2 DescribeTags take 20 ARNs). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = []
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size))
  return result
}

/** Runs `read` for every key at once and keeps the answers that are not undefined, by key. */
export async function readEach<T>(keys: readonly string[], read: (key: string) => Promise<T | undefined>): Promise<Record<string, T>> {
  const unique = [...new Set(keys)]
  const values = await Promise.all(unique.map(read))
  const entries = unique.flatMap((key, index) => {
    const value = values[index]
    return value === undefined ? [] : [[key, value] as const]
  })
  return Object.fromEntries(entries)
}

/** The items whose name starts with `prefix`, keyed by that name. */
export function byName<T>(items: readonly T[], nameOf: (item: T) => string | undefined, prefix = ''): Record<string, T> {
  const entries = items.flatMap((item) => {
    const name = nameOf(item)
    return name !== undefined && name.startsWith(prefix) ? [[name, item] as const] : []
  })
  return Object.fromEntries(entries)
}

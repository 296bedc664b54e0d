// Reading the request log: how many round trips a command had to wait for one after another.
import type { RecordedRequest } from './server.js'

/**
 * The longest chain of requests in which each one arrived after the previous one was answered:
 * the round trips a command waited for in sequence, which added latency multiplies. Requests
 * that overlap in time were in flight together and count once. Measure with added latency
 * (50 ms, say): without it the endpoint answers each request before the next one of a parallel
 * batch arrives, and independent requests look sequential.
 */
export function longestDependentChain(requests: readonly RecordedRequest[]): RecordedRequest[] {
  const sorted = [...requests].sort((a, b) => a.start - b.start)
  const lengths: number[] = []
  const previous: (number | undefined)[] = []
  sorted.forEach((request, i) => {
    lengths[i] = 1
    for (let j = 0; j < i; j++) {
      const earlier = sorted[j] as RecordedRequest
      if (earlier.end <= request.start && (lengths[j] ?? 0) + 1 > (lengths[i] ?? 0)) {
        lengths[i] = (lengths[j] ?? 0) + 1
        previous[i] = j
      }
    }
  })
  let index: number | undefined = lengths.indexOf(Math.max(0, ...lengths))
  const chain: RecordedRequest[] = []
  while (index !== undefined && index >= 0 && sorted[index]) {
    chain.unshift(sorted[index] as RecordedRequest)
    index = previous[index]
  }
  return chain
}

// autocannon ships no types; only what bench/run.ts uses.
declare module 'autocannon' {
  type Histogram = { average: number; p50: number; p99: number; total: number }
  type Result = {
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    '2xx': number
    '3xx': number
    '4xx': number
    '5xx': number
  }
  type Options = {
    url: string
    connections?: number
    duration?: number
    headers?: Record<string, string>
    requests?: { setupRequest?: (request: { path: string }) => { path: string } }[]
  }
  export default function autocannon(options: Options): Promise<Result>
}

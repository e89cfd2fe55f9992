// autocannon ships no types; the benchmarks use only this much of it.
declare module "autocannon" {
  namespace autocannon {
    interface Histogram { average: number; p50: number; p99: number; total: number }
    interface Result { requests: Histogram; latency: Histogram; duration: number; non2xx: number }
  }
  function autocannon(options: Record<string, unknown>, callback: (err: Error | null, result: autocannon.Result) => void): unknown;
  export = autocannon;
}

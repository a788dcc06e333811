// The benchmark's second baseline: the static page's content rendered on every request, with no data and
// no session (a request without a cookie). What any page of this app costs before it reads anything:
// Next's dynamic render of the root layout, the proxy's CSP nonce, the RSC payload. Served only with
// BENCH_STATIC=1, like the static route (proxy.ts).
export const dynamic = 'force-dynamic';

export default function BenchDynamicPage() {
  return <p>Static baseline</p>;
}

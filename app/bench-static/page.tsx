// A bare static route: the baseline for `npm run bench`. No data, no session.
export const dynamic = 'force-static';

export default function BenchStaticPage() {
  return <p>Static baseline</p>;
}

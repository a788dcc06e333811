import Link from '@/lib/ui/link';

export default function NotFound() {
  return (
    <div className="max-w-xl">
      <h1 className="text-3xl font-bold mb-3">We could not find that page</h1>
      <p className="mb-3">It may have moved, or you may not have access to it.</p>
      <p>
        <Link href="/cases">Go to your cases</Link>
      </p>
    </div>
  );
}

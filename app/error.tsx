'use client';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="max-w-xl" role="alert">
      <h1 className="text-3xl font-bold mb-3">Something went wrong on our side</h1>
      <p className="mb-3">
        Nothing you saved has been lost. Please try again.{error.digest ? ` (Reference ${error.digest})` : ''}
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md border-2 border-brand-800 bg-brand-700 text-white font-semibold px-4 min-h-12"
      >
        Try again
      </button>
    </div>
  );
}

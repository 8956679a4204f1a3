"use client";

import { useSearchParams } from "next/navigation";
import { Suspense, useEffect } from "react";

function Reader({ onRead }: { onRead: (query: URLSearchParams) => void }) {
  const query = useSearchParams();
  useEffect(() => onRead(new URLSearchParams(query)), [query, onRead]);
  return null;
}

/**
 * Hands the query string to its parent on prerendered pages. useSearchParams has no value while
 * the page is prerendered, so it must sit under its own Suspense boundary; keeping that boundary
 * around nothing but this reader means no field of a form is ever swapped out on hydration (what
 * a visitor typed before the scripts ran stays). `onRead` must be stable (a state setter).
 */
export function QueryReader({ onRead }: { onRead: (query: URLSearchParams) => void }) {
  return (
    <Suspense fallback={null}>
      <Reader onRead={onRead} />
    </Suspense>
  );
}

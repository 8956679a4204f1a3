"use client";

import { useSearchParams } from "next/navigation";
import { Suspense, useEffect } from "react";

function Reader({ onRead }: { onRead: (query: URLSearchParams) => void }) {
  const query = useSearchParams();
  useEffect(() => onRead(new URLSearchParams(query)), [query, onRead]);
  return null;
}

/**
 * Hands the query string to its parent on prerendered pages, once hydrated. While the page is
 * prerendered there is no query (useSearchParams is empty under force-static, and would otherwise
 * need this Suspense boundary); rendering nothing and reporting from an effect means the first
 * client render matches the prerendered HTML, and no field of a form is ever swapped out (what a
 * visitor typed before the scripts ran stays). `onRead` must be stable (a state setter).
 */
export function QueryReader({ onRead }: { onRead: (query: URLSearchParams) => void }) {
  return (
    <Suspense fallback={null}>
      <Reader onRead={onRead} />
    </Suspense>
  );
}

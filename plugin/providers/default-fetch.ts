// The HTTP client every provider uses unless a host injects its own: cross-fetch, loaded on the first call.
// Loading it costs a fresh process about as much as the rest of the public entry, and most runs (a local
// schedules file, `validate`, a host that injects its own fetch) never make a call.
export const defaultFetch: typeof globalThis.fetch = async (input, init) => {
  const { default: crossFetch } = await import('cross-fetch');
  return (crossFetch as unknown as typeof globalThis.fetch)(input, init);
};

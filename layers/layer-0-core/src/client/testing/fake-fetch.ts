/** A canned answer for {@link fakeFetch}. */
export interface FakeAnswer {
  status?: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * A `fetch` for component tests that answers by path. The API client itself is tested against
 * a real HTTP server; components only need its answers.
 */
export function fakeFetch(answers: Record<string, FakeAnswer | (() => FakeAnswer)>): typeof fetch {
  return async (input) => {
    const path = new URL(String(input), 'http://app.test').pathname
    const found = answers[path]
    const answer = typeof found === 'function' ? found() : found
    if (!answer) return new Response('', { status: 404 })
    return new Response(JSON.stringify(answer.body ?? {}), {
      status: answer.status ?? 200,
      headers: { 'Content-Type': 'application/json', ...answer.headers },
    })
  }
}

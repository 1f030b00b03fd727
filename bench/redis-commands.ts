const CRLF = Buffer.from('\r\n')

/**
 * Reads one connection's client-to-server bytes and reports each command by name. Clients send
 * RESP arrays of bulk strings (`*2\r\n$3\r\nGET\r\n$1\r\nk\r\n`); a line that is not an array is
 * an inline command. A command split across chunks waits for the rest.
 */
export const redisCommandParser = (command: (name: string) => void) => {
  let pending: Buffer = Buffer.alloc(0)
  /** The command starting at `at` and where the next one starts, or undefined if incomplete. */
  const parseOne = (at: number): { name: string; next: number } | undefined => {
    const lineEnd = pending.indexOf(CRLF, at)
    if (lineEnd < 0) return undefined
    const line = pending.toString('latin1', at, lineEnd)
    if (!line.startsWith('*')) return { name: line.split(' ')[0] ?? '', next: lineEnd + 2 }
    let offset = lineEnd + 2
    let name = ''
    for (let arg = 0; arg < Number(line.slice(1)); arg++) {
      const headerEnd = pending.indexOf(CRLF, offset)
      if (headerEnd < 0) return undefined
      const size = Number(pending.toString('latin1', offset + 1, headerEnd))
      const dataEnd = headerEnd + 2 + size
      if (pending.length < dataEnd + 2) return undefined
      if (arg === 0) name = pending.toString('latin1', headerEnd + 2, dataEnd)
      offset = dataEnd + 2
    }
    return { name, next: offset }
  }
  return (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let offset = 0
    for (let parsed = parseOne(0); parsed; parsed = parseOne(offset)) {
      if (parsed.name) command(parsed.name.toUpperCase())
      offset = parsed.next
    }
    pending = pending.subarray(offset)
  }
}

import { once } from 'node:events'
import { createServer, get, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { TrackedResponse, trackConnections } from './connection-drain.ts'

const BIG = 32 * 1024 * 1024
let server: Server | undefined
afterEach(() => {
  server?.closeAllConnections()
  server?.close()
})

/** A plain Node server with the drain's response class; `/wait` answers when `release()` runs. */
async function start() {
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  server = createServer({ ServerResponse: TrackedResponse }, (req, res) => {
    if (req.url === '/big') return res.end(Buffer.alloc(BIG, 'x'))
    if (req.url === '/wait') return void released.then(() => res.end('late'))
    res.end('ok')
  })
  const drain = trackConnections(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return { drain, port, release }
}

/** A raw keep-alive connection: what it received, and whether it is closed. */
async function rawConnection(port: number) {
  const socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  let received = ''
  let closed = false
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (received += chunk))
  socket.on('close', () => (closed = true))
  const request = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`
  return { socket, request, received: () => received, closed: () => closed }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

describe('trackConnections', () => {
  it('makes every response begun after closeAfterEachResponse close its connection, one in flight included', async () => {
    const { drain, port, release } = await start()
    const inFlight = await rawConnection(port)
    inFlight.socket.write(inFlight.request('/wait'))
    const idle = await rawConnection(port)
    idle.socket.write(idle.request('/'))
    await until(() => idle.received().endsWith('ok'))
    expect(idle.received()).toMatch(/connection: keep-alive/i)

    drain.closeAfterEachResponse()
    release()
    await until(() => inFlight.closed())
    expect(inFlight.received()).toMatch(/connection: close\r\n[\s\S]*late$/i)
    // The idle one is left alone until it sends again, then answered and closed.
    await new Promise((r) => setTimeout(r, 50))
    expect(idle.closed()).toBe(false)
    idle.socket.write(idle.request('/'))
    await until(() => idle.closed())
    expect(idle.received()).toMatch(/connection: close\r\n[\s\S]*ok$/i)
  })

  it('on stopAccepting closes idle connections but serves one whose request has begun arriving', async () => {
    const { drain, port } = await start()
    const idle = await rawConnection(port)
    idle.socket.write(idle.request('/'))
    await until(() => idle.received().endsWith('ok'))
    const arriving = await rawConnection(port)
    arriving.socket.write('GET / HTTP/1.1\r\n')
    const fresh = await rawConnection(port)
    await new Promise((r) => setTimeout(r, 20))

    drain.closeAfterEachResponse()
    const stopped = drain.stopAccepting()
    await until(() => idle.closed() && fresh.closed())
    expect(idle.received()).toMatch(/ok$/)
    expect(arriving.closed()).toBe(false)
    arriving.socket.write('Host: x\r\n\r\n')
    await until(() => arriving.closed())
    await stopped
    expect(arriving.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*connection: close[\s\S]*ok$/i)
  })

  it('does not cut a large response short because end() was called before its bytes left', async () => {
    const { drain, port } = await start()
    let bytes = 0
    const read = new Promise<boolean>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/big`, (res) => {
        res.pause()
        setTimeout(() => res.resume(), 300)
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        res.on('end', () => resolve(res.complete))
        res.on('error', reject)
      }).on('error', reject)
    })
    await new Promise((r) => setTimeout(r, 100))
    drain.closeAfterEachResponse()
    const stopped = drain.stopAccepting()
    expect(await read).toBe(true)
    expect(bytes).toBe(BIG)
    await stopped
  })
})

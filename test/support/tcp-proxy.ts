import { createServer, connect, type Server, type Socket } from 'node:net'

/** A loopback TCP proxy a test can cut, as a network between a relay and its database fails. */
export interface TcpProxy {
  readonly port: number
  /** Drops every connection and refuses new ones. */
  cut(): Promise<void>
  /** Accepts connections again on the same port. */
  restore(): Promise<void>
  close(): Promise<void>
}

/** Forwards 127.0.0.1:<port> to `target`'s host and port. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let port = 0
  let server: Server | null = null
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const listening = createServer((client) => {
        const upstream = connect(target.port, target.host)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => socket.destroy())
        }
        client.pipe(upstream).pipe(client)
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
      })
      listening.once('error', reject)
      listening.listen(port, '127.0.0.1', () => {
        const address = listening.address()
        if (address !== null && typeof address === 'object') port = address.port
        server = listening
        resolve()
      })
    })
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      const listening = server
      server = null
      for (const socket of sockets) socket.destroy()
      if (listening === null) resolve()
      else listening.close(() => resolve())
    })
  await listen()
  return {
    get port() {
      return port
    },
    cut: stopListening,
    restore: listen,
    close: stopListening,
  }
}

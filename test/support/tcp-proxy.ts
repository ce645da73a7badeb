import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

/** Where a proxy forwards to. */
export interface ProxyTarget {
  readonly host: string
  readonly port: number
}

/**
 * A loopback TCP proxy a test can cut, as the network between two parts fails; with several targets it
 * is a load balancer in front of them, each new connection going to the first target that accepts it
 * (a stopped relay refuses, so its clients land on the next).
 */
export interface TcpProxy {
  readonly port: number
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** Drops every connection and drops each new one on arrival, until {@link restore}. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

/** Forwards 127.0.0.1:<port> to `targets`, tried in order for each connection. */
export async function startTcpProxy(targets: ProxyTarget | readonly ProxyTarget[]): Promise<TcpProxy> {
  const order = Array.isArray(targets) ? (targets as readonly ProxyTarget[]) : [targets as ProxyTarget]
  const sockets = new Set<Socket>()
  let isCut = false
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }

  /** Connects `client` to the first target from `index` on that accepts; none accepting drops it. */
  const forward = (client: Socket, index: number): void => {
    const target = order[index]
    if (target === undefined || isCut) {
      client.destroy()
      return
    }
    const upstream = connect(target.port, target.host)
    track(upstream)
    let isConnected = false
    upstream.once('connect', () => {
      isConnected = true
      client.pipe(upstream).pipe(client)
      client.resume()
    })
    upstream.on('error', () => {
      upstream.destroy()
      if (!isConnected) forward(client, index + 1)
    })
    upstream.on('close', () => {
      if (isConnected) client.destroy()
    })
    client.on('close', () => upstream.destroy())
  }

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    if (isCut) {
      client.destroy()
      return
    }
    track(client)
    client.on('error', () => client.destroy())
    forward(client, 0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    cut() {
      isCut = true
      dropAll()
    },
    restore() {
      isCut = false
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll()
        server.close(() => resolve())
      }),
  }
}

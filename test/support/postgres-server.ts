/**
 * A throwaway PostgreSQL server for tests: its own data directory under the temp dir, its own port on
 * 127.0.0.1, gone once stopped. Never the system service, so tests need only Debian's binaries, and each
 * Playwright worker can start one of its own beside the others'.
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** The superuser initdb creates; trust authentication, so no password anywhere. */
const SUPERUSER = 'kefu'
/** How long the server may take to accept connections before the start gives up. */
const READY_TIMEOUT_SECONDS = 15
/** A port found free can be taken by another process before the server binds it: try a few. */
const START_ATTEMPTS = 3

export interface PostgresServer {
  /** The server's own `postgres` database, as the superuser. */
  readonly url: string
  /** Creates a new, empty database (a unique name unless given one) and returns its URL. */
  createDatabase(name?: string): Promise<string>
  /** Stops the server and removes its files. */
  stop(): Promise<void>
}

/** Where Debian keeps the newest installed PostgreSQL's programs, or null when there is none. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
  return versions[0] === undefined ? null : join(root, versions[0], 'bin')
}

/** Starts a fresh server; `stop` it when done (it is also stopped if the process exits first). */
export async function startPostgres(): Promise<PostgresServer> {
  const binDir = postgresBinDir()
  if (binDir === null)
    throw new Error('PostgreSQL binaries are not installed: run apt-get install postgresql')
  const owner = serverOwner()
  const root = mkdtempSync(join(tmpdir(), 'kefu-postgres-'))
  if (owner !== undefined) chownSync(root, owner.uid, owner.gid)
  const dataDir = join(root, 'data')
  const logFile = join(root, 'server.log')
  const running = { binDir, owner, dataDir, root }
  try {
    await run(binDir, 'initdb', initdbArguments(dataDir), owner)
    appendFileSync(join(dataDir, 'postgresql.conf'), serverSettings(root))
    const port = await startOnFreePort(running, logFile)
    return serverHandle(running, port)
  } catch (error) {
    rmSync(root, { recursive: true, force: true })
    throw error
  }
}

interface RunningServer {
  readonly binDir: string
  readonly owner: Owner | undefined
  readonly dataDir: string
  readonly root: string
}

interface Owner {
  readonly uid: number
  readonly gid: number
}

/** PostgreSQL refuses to run as root: as root, the server's files and processes belong to `postgres`. */
function serverOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined
  const ids = (flag: string): number => {
    const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' })
    if (result.status !== 0)
      throw new Error('PostgreSQL cannot run as root and there is no postgres user: install postgresql')
    return Number(result.stdout.trim())
  }
  return { uid: ids('-u'), gid: ids('-g') }
}

function initdbArguments(dataDir: string): string[] {
  // --no-sync: a crash of the test machine mid-initdb just means a new throwaway directory next time.
  return ['-D', dataDir, '-A', 'trust', '-U', SUPERUSER, '--no-sync', '-E', 'UTF8', '--locale=C']
}

/** Only loopback TCP and a socket in the server's own directory, so it never meets a system server. */
function serverSettings(root: string): string {
  return [
    '',
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${root}'`,
    // Room for several pools at once: the concurrency tests open many connections.
    'max_connections = 200',
    '',
  ].join('\n')
}

async function startOnFreePort(server: RunningServer, logFile: string): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort()
    try {
      await run(
        server.binDir,
        'pg_ctl',
        [
          '-D',
          server.dataDir,
          '-l',
          logFile,
          '-o',
          `-p ${port}`,
          '-w',
          '-t',
          String(READY_TIMEOUT_SECONDS),
          'start',
        ],
        server.owner,
      )
      return port
    } catch (error) {
      const log = tail(logFile)
      const portTaken = /could not bind|address already in use/i.test(log)
      if (portTaken && attempt < START_ATTEMPTS) continue
      // A server that never became ready may still be starting: make sure it does not outlive the test.
      stopNow(server)
      throw new Error(`PostgreSQL did not start: ${(error as Error).message}\nserver log:\n${log}`, {
        cause: error,
      })
    }
  }
}

function serverHandle(server: RunningServer, port: number): PostgresServer {
  const url = databaseUrl(port, 'postgres')
  const stopAtExit = (): void => stopNow(server)
  process.once('exit', stopAtExit)
  let created = 0
  return {
    url,
    async createDatabase(name) {
      created += 1
      const database = name ?? `kefu_test_${created}_${randomBytes(4).toString('hex')}`
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`)
      } finally {
        await client.end()
      }
      return databaseUrl(port, database)
    },
    async stop() {
      try {
        // Smart first: a pool that has just been ended may still be closing its connections, and a fast
        // stop would terminate them under it (an 'error' on the pool, which crashes a process without a
        // listener). Fast only if some session is still open after a few seconds.
        await run(
          server.binDir,
          'pg_ctl',
          ['-D', server.dataDir, '-m', 'smart', '-t', '5', '-w', 'stop'],
          server.owner,
        ).catch(() =>
          run(server.binDir, 'pg_ctl', ['-D', server.dataDir, '-m', 'fast', '-w', 'stop'], server.owner),
        )
      } finally {
        rmSync(server.root, { recursive: true, force: true })
        // Only now: a process that dies while the server stops (a pool's error on the closed connections
        // it still held, say) still removes the files at exit.
        process.removeListener('exit', stopAtExit)
      }
    },
  }
}

/** For `exit`, which allows no waiting: stops the server at once and removes its files. */
function stopNow(server: RunningServer): void {
  if (existsSync(join(server.dataDir, 'postmaster.pid')))
    spawnSync(join(server.binDir, 'pg_ctl'), ['-D', server.dataDir, '-m', 'immediate', '-w', 'stop'], {
      stdio: 'ignore',
      ...server.owner,
    })
  rmSync(server.root, { recursive: true, force: true })
}

function databaseUrl(port: number, database: string): string {
  return `postgres://${SUPERUSER}@127.0.0.1:${port}/${encodeURIComponent(database)}`
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A port nothing listens on now: the kernel's pick for port 0, released at once. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/** Runs one of PostgreSQL's programs as the server's owner; rejects with its output when it fails. */
function run(binDir: string, program: string, args: string[], owner: Owner | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(binDir, program), args, {
      // The server's own cwd must be readable by its owner; the test's may not be.
      cwd: tmpdir(),
      env: { ...process.env, LC_ALL: 'C' },
      // pg_ctl leaves the server running with its output in the log file, so pipes here close with pg_ctl.
      stdio: ['ignore', 'pipe', 'pipe'],
      ...owner,
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('error', reject)
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${program} exited with ${code}: ${output.trim()}`)),
    )
  })
}

function tail(file: string, lines = 20): string {
  if (!existsSync(file)) return '(no log)'
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
}

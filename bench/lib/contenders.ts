/** The servers that `bench/run.ts` measures, in the order the report lists them. */
import { prepareGoPeer } from '../servers/go-echo.ts'

/**
 * Framework a server runs on. Each one except Go has a bare server that serves the routes with
 * no session.
 */
export type Framework = 'node' | 'express' | 'fastify' | 'koa' | 'hono' | 'go'

/** One server under test: a file in `bench/servers/` started as its own process. */
export interface Contender {
  /** Stable id, used on the command line (`--only`) and in `latest.json`. */
  id: string
  /** Name shown in tables and the chart. */
  label: string
  /** File name in `bench/servers/`. */
  file: string
  framework: Framework
  /** True for a server that has no session at all. */
  bare: boolean
  /** npm packages whose installed versions the report prints beside the results. */
  packages: string[]
  /** True for tessera's own servers, drawn in their own color in the chart. */
  tessera?: boolean
  /**
   * Prepares what the server needs outside Node, before the run starts it. Returns a reason
   * to skip the contender, or undefined, and throws when the preparation itself failed.
   */
  requires?: () => string | undefined
}

/**
 * Id of the bare server of each framework, the divisor of the "× own bare" ratio. Go has no
 * bare server of its own, so Go Echo is divided by bare node:http, as its label states.
 */
export const BARE_OF: Record<Framework, string> = {
  node: 'bare-node',
  express: 'bare-express',
  fastify: 'bare-fastify',
  koa: 'bare-koa',
  hono: 'bare-hono',
  go: 'bare-node',
}

/**
 * Every contender. The tessera servers import the compiled `tessera` package from `dist/`
 * (built by the run), as the other servers import their packages from `node_modules`.
 *
 * @example
 * ```ts
 * const selected = CONTENDERS.filter((contender) => contender.tessera)
 * ```
 */
export const CONTENDERS: readonly Contender[] = [
  {
    id: 'bare-node',
    label: 'bare node:http, no session',
    file: 'bare-node.ts',
    framework: 'node',
    bare: true,
    packages: [],
  },
  {
    id: 'bare-express',
    label: 'bare Express',
    file: 'bare-express.ts',
    framework: 'express',
    bare: true,
    packages: ['express'],
  },
  {
    id: 'bare-fastify',
    label: 'bare Fastify',
    file: 'bare-fastify.ts',
    framework: 'fastify',
    bare: true,
    packages: ['fastify'],
  },
  {
    id: 'bare-koa',
    label: 'bare Koa',
    file: 'bare-koa.ts',
    framework: 'koa',
    bare: true,
    packages: ['koa'],
  },
  {
    id: 'bare-hono',
    label: 'bare Hono (@hono/node-server)',
    file: 'bare-hono.ts',
    framework: 'hono',
    bare: true,
    packages: ['hono', '@hono/node-server'],
  },
  {
    id: 'hand-hmac',
    label: 'node:http + one HMAC-SHA256 verify (securecookie layout)',
    file: 'hand-hmac.ts',
    framework: 'node',
    bare: false,
    packages: [],
  },
  {
    id: 'express-session',
    label: 'express-session, MemoryStore',
    file: 'express-session.ts',
    framework: 'express',
    bare: false,
    packages: ['express-session', 'express'],
  },
  {
    id: 'cookie-session',
    label: 'cookie-session (Express)',
    file: 'cookie-session.ts',
    framework: 'express',
    bare: false,
    packages: ['cookie-session', 'express'],
  },
  {
    id: 'fastify-secure-session',
    label: '@fastify/secure-session (libsodium)',
    file: 'fastify-secure-session.ts',
    framework: 'fastify',
    bare: false,
    packages: ['@fastify/secure-session', '@fastify/cookie', 'sodium-native', 'fastify'],
  },
  {
    id: 'koa-session',
    label: 'koa-session',
    file: 'koa-session.ts',
    framework: 'koa',
    bare: false,
    packages: ['koa-session', 'koa'],
  },
  {
    id: 'iron-session',
    label: 'iron-session (node:http)',
    file: 'iron-session.ts',
    framework: 'node',
    bare: false,
    packages: ['iron-session', 'iron-webcrypto'],
  },
  {
    id: 'hono-sessions',
    label: 'hono-sessions, CookieStore',
    file: 'hono-sessions.ts',
    framework: 'hono',
    bare: false,
    packages: ['hono-sessions', 'hono', '@hono/node-server'],
  },
  {
    id: 'react-router',
    label: 'React Router createCookieSessionStorage (node:http)',
    file: 'react-router.ts',
    framework: 'node',
    bare: false,
    packages: ['react-router'],
  },
  {
    id: 'tessera-cookie',
    label: 'tessera CookieStore, HMAC only',
    file: 'tessera-cookie.ts',
    framework: 'node',
    bare: false,
    packages: ['tessera'],
    tessera: true,
  },
  {
    id: 'tessera-cookie-nocache',
    label: 'tessera CookieStore, HMAC only, cache off (cacheSize 0)',
    file: 'tessera-cookie-nocache.ts',
    framework: 'node',
    bare: false,
    packages: ['tessera'],
    tessera: true,
  },
  {
    id: 'tessera-cookie-aes',
    label: 'tessera CookieStore, HMAC + AES-256-CTR',
    file: 'tessera-cookie-aes.ts',
    framework: 'node',
    bare: false,
    packages: ['tessera'],
    tessera: true,
  },
  {
    id: 'tessera-filesystem',
    label: 'tessera FilesystemStore (temporary folder)',
    file: 'tessera-filesystem.ts',
    framework: 'node',
    bare: false,
    packages: ['tessera'],
    tessera: true,
  },
  {
    id: 'tessera-memory',
    label: 'tessera MemoryStore',
    file: 'tessera-memory.ts',
    framework: 'node',
    bare: false,
    packages: ['tessera'],
    tessera: true,
  },
  {
    id: 'go-echo',
    label: 'Go Echo 4.2.1 + gorilla CookieStore (HMAC, gob); own bare is node:http',
    file: 'go-echo.ts',
    framework: 'go',
    bare: false,
    // Echo 4.2.1, gorilla/sessions 1.2.1 and gorilla/securecookie 1.1.1 are Debian's packages,
    // which npm does not know, so the version table leaves them out.
    packages: [],
    requires: prepareGoPeer,
  },
  {
    id: 'go-echo-1cpu',
    label: 'Go Echo + gorilla as above, GOMAXPROCS=1; own bare is node:http',
    file: 'go-echo-1cpu.ts',
    framework: 'go',
    bare: false,
    packages: [],
    requires: prepareGoPeer,
  },
]

/** Contenders that `npm run bench:smoke` puts under load; it checks the routes of all of them. */
export const SMOKE_LOAD_IDS: readonly string[] = [
  'bare-node',
  'hand-hmac',
  'express-session',
  'tessera-cookie',
]

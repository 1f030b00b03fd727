// The gateway of the local production stack: gateway/nginx.prod.conf, as shipped, with only the
// addresses, paths and TLS listener changed for this machine.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { spawnLogged, stopProcess, waitUntil } from './stack-process.mjs'
import { ROOT } from './workspace.mjs'

/** The shipped production gateway configuration. */
export const PROD_CONFIG = join(ROOT, 'gateway', 'nginx.prod.conf')

/** Absolute path of Debian's nginx (or one on PATH), or `undefined`. */
export const findNginx = () => {
  for (const path of ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx']) {
    if (existsSync(path)) return path
  }
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

/** Replaces `pattern` and insists it matched, so a changed prod config fails loudly here. */
const edit = (text, pattern, replacement, what) => {
  const next = text.replace(pattern, replacement)
  if (next === text)
    throw new Error(
      `gateway/nginx.prod.conf no longer has ${what}; update scripts/lib/stack-gateway.mjs.`,
    )
  return next
}

/**
 * The prod config for this machine: listens on 127.0.0.1 only, TLS on `httpsPort` with the given
 * certificate, a plain `httpPort` that redirects to it, the replicas on `backendPorts`, the SPA
 * from `htmlDir`, and pid and temp files in `stateDir`. Everything else is the file as shipped.
 */
export const renderGatewayConfig = (
  template,
  { stateDir, htmlDir, httpsPort, httpPort, backendPorts, certFile, keyFile },
) => {
  let conf = template
  conf = edit(conf, /^pid .*;$/m, `pid ${stateDir}/nginx.pid;`, 'a pid line')
  conf = edit(conf, /\/tmp\/nginx-/g, `${stateDir}/nginx-`, 'temp paths under /tmp')
  conf = edit(
    conf,
    /^(\s*)server backend:3000([^;]*);$/m,
    (_, indent, params) =>
      backendPorts.map((port) => `${indent}server 127.0.0.1:${port}${params};`).join('\n'),
    'the `server backend:3000` upstream line',
  )
  conf = edit(
    conf,
    /^(\s*)listen 8080 default_server;$/m,
    (_, indent) =>
      [
        `listen 127.0.0.1:${httpsPort} ssl http2 default_server;`,
        `ssl_certificate ${certFile};`,
        `ssl_certificate_key ${keyFile};`,
      ]
        .map((line) => `${indent}${line}`)
        .join('\n'),
    'the `listen 8080 default_server;` line',
  )
  conf = edit(conf, /^\s*listen \[::\]:8080 default_server;\n/m, '', 'the IPv6 listen line')
  conf = edit(
    conf,
    /^(\s*)root \/usr\/share\/nginx\/html;$/m,
    `$1root ${htmlDir};`,
    'the html root',
  )
  const redirect = [
    '',
    '  # Added by the local stack: plain http only redirects to https.',
    '  server {',
    `    listen 127.0.0.1:${httpPort} default_server;`,
    '    server_name _;',
    '    access_log off;',
    `    return 301 https://$host:${httpsPort}$request_uri;`,
    '  }',
    '}',
    '',
  ].join('\n')
  return edit(conf, /\}\s*$/, redirect, 'a closing brace of the http block')
}

const answers = (port) =>
  new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/gateway-health', timeout: 1000 },
      (res) => {
        res.resume()
        resolve(res.statusCode === 301)
      },
    )
    req.once('error', () => resolve(false))
    req.once('timeout', () => req.destroy())
    req.end()
  })

/**
 * Checks the config with `nginx -t`, then runs nginx in the foreground until `stop()` (SIGQUIT:
 * finish what is in flight, then exit). Access and error log go to `logFile`.
 */
export const startGateway = async ({ nginx, confFile, stateDir, httpPort, logFile }) => {
  const args = ['-p', `${stateDir}/`, '-e', 'stderr', '-c', confFile]
  try {
    execFileSync(nginx, [...args, '-t', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (error) {
    throw new Error(`nginx rejected ${confFile}:\n${String(error.stderr ?? error.message).trim()}`)
  }
  const proc = spawnLogged('nginx', nginx, [...args, '-g', 'daemon off;'], {
    cwd: stateDir,
    env: process.env,
    logFile,
  })
  await waitUntil(proc, 'listening', () => answers(httpPort), 10_000)
  return {
    proc,
    /** Re-reads the config; running requests finish on the old workers. */
    reload: () => proc.signal('SIGHUP'),
    stop: () => stopProcess(proc, 'SIGQUIT', 15_000),
    accessLog: () => readFileSync(logFile, 'utf8'),
  }
}

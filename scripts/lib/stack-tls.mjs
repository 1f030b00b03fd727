// A self-signed certificate for the local production stack, made with the openssl CLI.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Names the certificate covers: localhost, the theme subdomains, and the loopback addresses. */
export const certificateNames = (themes = []) => [
  'localhost',
  ...themes.map((theme) => `${theme}.localhost`),
  '127.0.0.1',
  '::1',
]

const subjectAltName = (names) =>
  names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',')

const covers = (certFile, names) => {
  try {
    // Valid for at least one more day, and for every name asked for.
    execFileSync('openssl', ['x509', '-checkend', '86400', '-noout', '-in', certFile], {
      stdio: 'ignore',
    })
    const text = execFileSync(
      'openssl',
      ['x509', '-noout', '-ext', 'subjectAltName', '-in', certFile],
      {
        encoding: 'utf8',
      },
    )
    // openssl prints `DNS:localhost`, `IP Address:127.0.0.1` and IPv6 in full.
    const shown = (name) =>
      name === '::1'
        ? 'IP Address:0:0:0:0:0:0:0:1'
        : /^[\d.]+$/.test(name)
          ? `IP Address:${name}`
          : `DNS:${name}`
    return names.every((name) =>
      new RegExp(`${shown(name).replace(/\./g, '\\.')}(,|\\s|$)`).test(text),
    )
  } catch {
    return false
  }
}

/**
 * Writes `cert.pem` and `key.pem` (P-256, 30 days) into `dir`, or keeps the ones there when they
 * still cover `names` for another day, so a browser exception made for them keeps working.
 * @returns `{ certFile, keyFile, pem, reused }`
 */
export const ensureCertificate = (dir, names) => {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // Only the nginx master (root or the caller) reads the key; its workers never need it.
  chmodSync(dir, 0o700)
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  const reused = existsSync(keyFile) && existsSync(certFile) && covers(certFile, names)
  if (!reused) {
    try {
      const args = 'req -x509 -nodes -days 30 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1'
      execFileSync(
        'openssl',
        [
          ...args.split(' '),
          ...['-subj', '/CN=localhost/O=Stratum local stack'],
          ...['-addext', `subjectAltName=${subjectAltName(names)}`],
          ...['-addext', 'extendedKeyUsage=serverAuth'],
          ...['-keyout', keyFile, '-out', certFile],
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      )
    } catch (error) {
      const detail =
        error.code === 'ENOENT' ? 'openssl is not installed' : String(error.stderr ?? error.message)
      throw new Error(`Could not create the self-signed certificate: ${detail.trim()}`)
    }
    chmodSync(keyFile, 0o600)
  }
  return { certFile, keyFile, pem: readFileSync(certFile, 'utf8'), reused }
}

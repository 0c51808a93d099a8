// The cluster points the edge's VCL at its HAProxy by rewriting the first backend's address in a copy of the file.
import fs from 'node:fs'
import path from 'node:path'

import { pointVclAt, VARNISH_VCL } from '../../src/cluster/edgeServers'

const vcl = (backends: string) => `vcl 4.1;\n${backends}\nsub vcl_recv {\n    set req.http.Host = "127.0.0.1";\n}\n`

describe('pointing the VCL at HAProxy', () => {
  it('rewrites the first backend host and port and leaves the rest of the file as it was', () => {
    const source = vcl('backend default {\n    .host = "127.0.0.1";\n    .port = "8080";\n    .connect_timeout = 2s;\n}')
    const pointed = pointVclAt({ vcl: source, backend: '127.0.0.1:41234' })
    expect(pointed).toBe(source.replace('"8080"', '"41234"'))
  })

  it('changes only the first of several backends', () => {
    const source = vcl('backend app { .host = "app"; .port = "3000"; }\nbackend other { .host = "other"; .port = "9000"; }')
    const pointed = pointVclAt({ vcl: source, backend: 'haproxy:8080' })
    expect(pointed).toContain('backend app { .host = "haproxy"; .port = "8080"; }')
    expect(pointed).toContain('backend other { .host = "other"; .port = "9000"; }')
  })

  it('refuses, in a sentence that says what to add, a VCL without a backend or without its port', () => {
    expect(() => pointVclAt({ vcl: vcl(''), backend: '127.0.0.1:1' })).toThrow(/no backend with \.host and \.port/)
    expect(() => pointVclAt({ vcl: vcl('backend default { .host = "127.0.0.1"; }'), backend: '127.0.0.1:1' })).toThrow(/give its first backend both/)
  })

  it('can point the deployment VCL the cluster runs', () => {
    const pointed = pointVclAt({ vcl: fs.readFileSync(VARNISH_VCL, 'utf8'), backend: '127.0.0.1:40000' })
    expect(pointed).toMatch(/\.host = "127\.0\.0\.1";[\s\S]*\.port = "40000";/)
    expect(path.basename(VARNISH_VCL)).toBe('default.vcl')
  })
})

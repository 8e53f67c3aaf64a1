// Preloaded (`node --require`) into both language servers during the benchmark: every outgoing connection or DNS
// lookup to anything but the loopback is refused and written, one JSON line each, to $BENCH_NET_LOG. The bench
// reports the count; it must be 0 (nothing may download while measuring, or ever at run time).
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const log = process.env.BENCH_NET_LOG;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

function record(what, target) {
  if (log) fs.appendFileSync(log, JSON.stringify({ pid: process.pid, what, target: String(target) }) + '\n');
}

// proof that the guard is in place in this process (the bench counts these lines against the servers it spawned)
if (process.env.BENCH_NET_GUARD_LOG) {
  fs.appendFileSync(process.env.BENCH_NET_GUARD_LOG, JSON.stringify({ pid: process.pid, argv: process.argv.slice(1, 2) }) + '\n');
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = args[0];
  let opts = Array.isArray(first) ? first[0] : first;
  if (typeof opts !== 'object' || opts === null) opts = { port: opts, host: typeof args[1] === 'string' ? args[1] : undefined };
  // a pipe has a path and no port (https options carry the URL's path beside a port: that is TCP)
  if (opts.port !== undefined && opts.port !== null) {
    const host = opts.host ?? 'localhost';
    if (!LOOPBACK.has(host)) {
      record('connect', `${host}:${opts.port}`);
      const err = Object.assign(new Error(`benchmark: network access to ${host}:${opts.port} refused`), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(err));
      return this;
    }
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  if (LOOPBACK.has(hostname) || net.isIP(hostname)) return lookup.call(this, hostname, ...rest);
  record('dns.lookup', hostname);
  const callback = rest.reverse().find((a) => typeof a === 'function');
  const err = Object.assign(new Error(`benchmark: DNS lookup of ${hostname} refused`), { code: 'ENOTFOUND', hostname });
  if (callback) process.nextTick(() => callback(err));
  return {};
};
if (typeof globalThis.fetch === 'function') {
  const f = globalThis.fetch;
  globalThis.fetch = function (input, init) {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (!LOOPBACK.has(url.hostname.replace(/^\[|\]$/g, ''))) {
      record('fetch', url.href);
      return Promise.reject(new TypeError(`benchmark: fetch ${url.href} refused`));
    }
    return f.call(this, input, init);
  };
}

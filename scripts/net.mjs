// Free TCP ports on 127.0.0.1 (the OS picks them; the test and sandbox servers bind only to loopback).
import { createServer } from 'node:net';

export async function freePort() {
  return (await freePorts(1))[0];
}

/**
 * `n` free ports, all different: each is held open until every one is picked (picked one after another and closed
 * at once, the OS may hand out the same port twice, and the second server to bind it fails: "address already in use").
 */
export async function freePorts(n) {
  const servers = [];
  try {
    for (let i = 0; i < n; i++) {
      const s = createServer();
      servers.push(s);
      await new Promise((res, rej) => {
        s.once('error', rej);
        s.listen(0, '127.0.0.1', res);
      });
    }
    return servers.map((s) => s.address().port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((res) => (s.listening ? s.close(() => res()) : res()))));
  }
}

// A free TCP port on 127.0.0.1 (the OS picks one; the test and sandbox servers bind only to loopback).
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

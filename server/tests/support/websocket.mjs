// A minimal WebSocket client (RFC 6455) for the API tests: Node.js 18 and 20
// have no WebSocket of their own. Text frames only, as /api/v1/live sends.
import net from 'node:net';
import { randomBytes, createHash } from 'node:crypto';

// Opens `path` on `base` (http://host:port) with the given cookie. Resolves to
// {status, messages, waitFor(predicate, ms), close()}; status is the HTTP status
// of the handshake (101 when upgraded; the connection is closed otherwise).
export function openWebSocket(base, path, { cookie, origin } = {}) {
  const url = new URL(base);
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const messages = [];
    const waiters = [];
    const notify = () => {
      for (const w of [...waiters]) {
        const hit = messages.find(w.predicate);
        if (hit) {
          waiters.splice(waiters.indexOf(w), 1);
          clearTimeout(w.timer);
          w.resolve(hit);
        }
      }
    };
    const send = (opcode, payload = Buffer.alloc(0)) => {
      const mask = randomBytes(4);
      const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
      socket.write(Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]));
    };
    const api = {
      status: 0,
      messages,
      waitFor(predicate, ms = 5000) {
        return new Promise((ok, fail) => {
          const w = { predicate, resolve: ok, timer: setTimeout(() => fail(new Error(`no matching message in ${ms} ms; got ${JSON.stringify(messages)}`)), ms) };
          waiters.push(w);
          notify();
        });
      },
      close() {
        if (!socket.destroyed) {
          try { send(0x8); } catch { /* closing anyway */ }
          socket.end();
        }
      },
    };
    socket.on('connect', () => {
      const headers = [
        `GET ${path} HTTP/1.1`, `Host: ${url.host}`, 'Upgrade: websocket', 'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13',
      ];
      if (cookie) headers.push(`Cookie: ${cookie}`);
      if (origin) headers.push(`Origin: ${origin}`);
      socket.write(headers.join('\r\n') + '\r\n\r\n');
    });
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 4);
        api.status = Number(head.split(' ')[1]);
        if (api.status !== 101) {
          socket.destroy();
          resolve(api);
          return;
        }
        const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
        if (!head.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
          reject(new Error('bad Sec-WebSocket-Accept'));
          return;
        }
        upgraded = true;
        resolve(api);
      }
      // Server frames are unmasked; payloads here are short (< 64 KiB).
      while (buffer.length >= 2) {
        const opcode = buffer[0] & 0x0f;
        let len = buffer[1] & 0x7f;
        let offset = 2;
        if (len === 126) {
          if (buffer.length < 4) return;
          len = buffer.readUInt16BE(2);
          offset = 4;
        }
        if (buffer.length < offset + len) return;
        const payload = buffer.subarray(offset, offset + len);
        buffer = buffer.subarray(offset + len);
        if (opcode === 0x1) {
          messages.push(JSON.parse(payload.toString()));
          notify();
        } else if (opcode === 0x9) {
          send(0xa, payload);
        } else if (opcode === 0x8) {
          socket.end();
        }
      }
    });
  });
}

// A tiny SMTP server for tests: speaks just enough SMTP (EHLO/HELO, MAIL FROM,
// RCPT TO, DATA, RSET, NOOP, QUIT) and keeps every message it receives. Like a
// real server it refuses a second MAIL FROM before the first transaction ended
// (503), and it refuses recipients on request (sink.refuseNextRecipients).
//   const sink = await startSmtpSink();  // sink.port, sink.messages, sink.close()
// Each message: {from, to: [...], data (raw text), subject (decoded), body (decoded)}.
// With {tls: {key, cert}} it offers STARTTLS, and after it AUTH PLAIN
// (sink.logins holds each {user, password, secure}); before STARTTLS it
// refuses AUTH and MAIL (530), as a server that requires TLS does.
import net from 'node:net';
import tls from 'node:tls';

// RFC 2047 encoded words (B and Q) in a header value.
export function decodeWords(value) {
  return value.replace(/\s*=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*/g, (_, charset, enc, text) => {
    if (enc.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}

// Splits a message into headers (lower-case names, unfolded) and decoded body.
export function parseMessage(data) {
  const split = data.indexOf('\r\n\r\n');
  const head = split < 0 ? data : data.slice(0, split);
  const rawBody = split < 0 ? '' : data.slice(split + 4);
  const headers = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let body;
  if (encoding === 'base64') body = Buffer.from(rawBody.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = rawBody.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (m, h) => String.fromCharCode(parseInt(h, 16)));
    body = Buffer.from(bytes, 'latin1').toString('utf8');
  } else body = rawBody;
  return { headers, subject: decodeWords(headers.subject ?? ''), body };
}

export async function startSmtpSink({ tls: tlsOptions = null } = {}) {
  const messages = [];
  const refused = [];
  const refusals = [];
  const logins = [];
  const sockets = new Set();
  const server = net.createServer((plain) => {
    let socket = plain;
    let secure = false;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(plain));
    socket.on('error', () => {});
    let buffer = '';
    let inData = false;
    let authPending = false;
    let envelope = { from: null, to: [] };
    const reply = (line) => socket.write(`${line}\r\n`);
    const login = (b64) => {
      const [, user = '', password = ''] = Buffer.from(b64, 'base64').toString('utf8').split('\0');
      logins.push({ user, password, secure });
      reply('235 2.7.0 Authentication successful');
    };
    reply('220 sink.test ESMTP ready');
    const onData = (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = buffer.slice(0, end).replace(/\r\n\.\./g, '\r\n.');
          buffer = buffer.slice(end + 5);
          inData = false;
          const data = Buffer.from(raw, 'latin1').toString('utf8');
          messages.push({ from: envelope.from, to: envelope.to, data, ...parseMessage(data) });
          envelope = { from: null, to: [] };
          reply('250 OK queued');
          continue;
        }
        const nl = buffer.indexOf('\r\n');
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (authPending) {
          authPending = false;
          login(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        const needsTls = tlsOptions && !secure;
        if (verb === 'EHLO') {
          const offer = needsTls ? '250-STARTTLS\r\n' : tlsOptions ? '250-AUTH PLAIN\r\n' : '';
          socket.write(`250-sink.test\r\n250-8BITMIME\r\n${offer}250 SIZE 10485760\r\n`);
        } else if (verb === 'HELO') reply('250 sink.test');
        else if (line.toUpperCase() === 'STARTTLS' && needsTls) {
          reply('220 2.0.0 Ready to start TLS');
          socket.removeListener('data', onData);
          buffer = '';
          envelope = { from: null, to: [] };
          socket = new tls.TLSSocket(plain, { isServer: true, ...tlsOptions });
          socket.on('error', () => {});
          socket.on('secure', () => {
            secure = true;
          });
          socket.on('data', onData);
          return;
        } else if (needsTls && (verb === 'AUTH' || verb === 'MAIL')) {
          reply('530 5.7.0 Must issue a STARTTLS command first');
        } else if (verb === 'AUTH') {
          const [, mechanism = '', initial] = line.split(' ');
          if (mechanism.toUpperCase() !== 'PLAIN') reply('504 5.5.4 Unrecognized authentication type');
          else if (initial) login(initial);
          else {
            authPending = true;
            reply('334 ');
          }
        } else if (verb === 'MAIL') {
          if (envelope.from !== null) {
            reply('503 5.5.1 Error: nested MAIL command');
            continue;
          }
          envelope.from = (line.match(/<([^>]*)>/) ?? [])[1] ?? '';
          reply('250 OK');
        } else if (verb === 'RCPT') {
          const address = (line.match(/<([^>]*)>/) ?? [])[1] ?? '';
          if (refusals.length > 0) {
            refused.push(address);
            reply(refusals.shift());
            continue;
          }
          envelope.to.push(address);
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET') {
          envelope = { from: null, to: [] };
          reply('250 OK');
        } else if (verb === 'NOOP') reply('250 OK');
        else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
          return;
        } else reply('502 Command not implemented');
      }
    };
    socket.on('data', onData);
  });
  await new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    port: server.address().port,
    messages,
    // Addresses whose RCPT TO was refused.
    refused,
    // AUTH PLAIN logins: {user, password, secure (after STARTTLS)}.
    logins,
    // The next `count` RCPT TO commands get `reply` (e.g. '550 5.1.1 ...').
    refuseNextRecipients(count, reply) {
      for (let i = 0; i < count; i += 1) refusals.push(reply);
    },
    // Messages addressed to `address`.
    to(address) {
      return messages.filter((m) => m.to.includes(address));
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}

import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { sign } from '@vultr-invites/slack-emulator';

/**
 * The baseline: a bare node:http server in its own process that only reads the body, verifies
 * Slack's signature and answers 200. Anything the bot's ack costs beyond this is the bot's own.
 */
const secret = process.env.SLACK_SIGNING_SECRET ?? '';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const expected = Buffer.from(sign(secret, Number(req.headers['x-slack-request-timestamp']), Buffer.concat(chunks).toString()));
    const given = Buffer.from(String(req.headers['x-slack-signature']));
    res.writeHead(given.length === expected.length && timingSafeEqual(given, expected) ? 200 : 401);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message) => {
  if (message === 'stop') server.close(() => process.exit(0));
});

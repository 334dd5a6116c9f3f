import App from '@slack/bolt/dist/App';
import HTTPReceiver from '@slack/bolt/dist/receivers/HTTPReceiver';

/**
 * The second baseline: a Bolt app (the framework the bot is built on) that only acknowledges
 * /invites, in its own process. What the bot's ack costs beyond this is the bot's own; what
 * this costs beyond the bare server is Bolt's.
 */
async function main(): Promise<void> {
  const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET ?? '', endpoints: ['/slack/events'] });
  const app = new App({ token: 'xoxb-bench-floor', receiver, tokenVerificationEnabled: false, botId: 'B0FLOOR', botUserId: 'U0FLOOR' });
  app.command('/invites', async ({ ack }) => {
    await ack();
  });
  const server = await receiver.start(0);
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.on('message', (message) => {
    if (message === 'stop') void receiver.stop().then(() => process.exit(0));
  });
}

void main();

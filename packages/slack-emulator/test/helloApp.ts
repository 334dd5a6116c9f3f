import type { AddressInfo } from 'node:net';
import { App, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';

/**
 * A second, minimal Bolt app, nothing like the invites bot, to prove the emulator serves any
 * Bolt HTTP app: `/hello` answers through its response_url with a button and a form button;
 * the button replaces the message and posts in the channel; the form opens with views.open, is
 * validated and submitted; the App Home tab is published on app_home_opened.
 */

const plain = (text: string) => ({ type: 'plain_text' as const, text });

export interface HelloApp {
  eventsUrl: string;
  stop(): Promise<void>;
}

export async function startHelloApp(options: { slackApiUrl: string; signingSecret: string }): Promise<HelloApp> {
  const app = new App({
    token: 'xoxb-hello-app-token',
    signingSecret: options.signingSecret,
    clientOptions: { slackApiUrl: options.slackApiUrl },
    logLevel: LogLevel.ERROR,
  });

  app.command('/hello', async ({ ack, command, respond }) => {
    await ack();
    await respond({
      text: `Hello, ${command.text || 'world'}!`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*Hello, ${command.text || 'world'}!*` } },
        {
          type: 'actions',
          block_id: 'hello_actions',
          elements: [
            { type: 'button', action_id: 'wave', text: plain('Wave'), value: command.channel_id },
            { type: 'button', action_id: 'open_form', text: plain('Introduce yourself'), value: command.channel_id },
          ],
        },
      ],
    });
  });

  app.action('wave', async ({ ack, body, respond, client }) => {
    await ack();
    await respond({ replace_original: true, text: 'You waved :wave:' });
    await client.chat.postMessage({ channel: body.channel?.id ?? '', text: `<@${body.user.id}> waved` });
  });

  app.action<BlockAction<ButtonAction>>('open_form', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'introduce',
        private_metadata: body.actions[0]?.value ?? '',
        title: plain('Introduce yourself'),
        submit: plain('Send'),
        // action_id differs from block_id on purpose: the submission must carry the element's own.
        blocks: [
          { type: 'input', block_id: 'name', label: plain('Your name'), element: { type: 'plain_text_input', action_id: 'name_value' } },
        ],
      },
    });
  });

  app.view('introduce', async ({ ack, view, client }) => {
    const name = view.state.values.name?.name_value?.value?.trim() ?? '';
    if (name === '') return ack({ response_action: 'errors', errors: { name: 'Tell us your name' } });
    await ack({
      response_action: 'update',
      view: { type: 'modal', title: plain('Thanks'), blocks: [{ type: 'section', text: plain(`Thanks, ${name}!`) }] },
    });
    await client.chat.postMessage({ channel: view.private_metadata, text: `Please welcome ${name}!` });
  });

  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: [
          { type: 'header', text: plain('Hello home') },
          { type: 'section', text: { type: 'mrkdwn', text: `Welcome, <@${event.user}>` } },
        ],
      },
    });
  });

  const server = await app.start({ port: 0, host: '127.0.0.1' });
  return {
    eventsUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    stop: () => app.stop().then(() => undefined),
  };
}

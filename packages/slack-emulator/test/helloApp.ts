import type { AddressInfo } from 'node:net';
import { App, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';

/**
 * A second, minimal Bolt app, nothing like the invites bot, to prove the emulator serves any
 * Bolt HTTP app: `/hello` answers through its response_url with a button and a form button;
 * the button replaces the message and posts in the channel; the form (a text input, a static
 * select, an external select answered by an options listener) opens with views.open, is validated
 * and submitted; the App Home tab is published on app_home_opened.
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
          {
            type: 'input',
            block_id: 'team',
            label: plain('Team'),
            hint: plain('Where you work'),
            element: {
              type: 'static_select',
              action_id: 'team_value',
              option_groups: [
                { label: plain('Engineering'), options: [{ text: plain('Platform'), value: 'platform' }] },
                { label: plain('Business'), options: [{ text: plain('Sales'), value: 'sales' }] },
              ],
            },
          },
          {
            type: 'input',
            block_id: 'city',
            optional: true,
            label: plain('City'),
            element: { type: 'external_select', action_id: 'city_value', min_query_length: 2 },
          },
        ],
      },
    });
  });

  // The cities matching what the person typed into the form's external select, else what they typed as a new one.
  app.options('city_value', async ({ ack, options }) => {
    const known = ['Paris', 'Parma', 'Porto', 'Oslo'].filter((c) => c.toLowerCase().startsWith(options.value.toLowerCase()));
    const cities = known.length > 0 ? known : [options.value];
    await ack({ options: cities.map((c) => ({ text: plain(c), value: c.toLowerCase() })) });
  });

  app.view('introduce', async ({ ack, view, client }) => {
    const { name: nameInput, team, city } = view.state.values;
    const name = nameInput?.name_value?.value?.trim() ?? '';
    const teamName = team?.team_value?.selected_option?.text.text;
    if (name === '' || !teamName) {
      const errors = { ...(name === '' ? { name: 'Tell us your name' } : {}), ...(teamName ? {} : { team: 'Pick your team' }) };
      return ack({ response_action: 'errors', errors });
    }
    const from = city?.city_value?.selected_option ? ` from ${city.city_value.selected_option.text.text}` : '';
    await ack({
      response_action: 'update',
      view: { type: 'modal', title: plain('Thanks'), blocks: [{ type: 'section', text: plain(`Thanks, ${name}!`) }] },
    });
    await client.chat.postMessage({ channel: view.private_metadata, text: `Please welcome ${name} (${teamName})${from}!` });
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

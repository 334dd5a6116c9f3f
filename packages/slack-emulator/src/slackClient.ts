import { BOT_USER_ID, TEAM_ID, type LocalSlack } from './localSlack';
import { messageProblems, optionListProblems } from './blockLimits';
import { inputElementsOf, listedOptions } from './inputs';
import { splitCommandLine } from './manifest';
import {
  blockSuggestionBody,
  buttonClickBody,
  commandBody,
  postSigned,
  viewSubmissionBody,
  type SignedResponse,
  type ViewInputs,
} from './signedRequests';
import { appHomeOpened, homeClickBody, postSignedEvent } from './slackEvents';

/** Slack gives an app 3 seconds to acknowledge; later, the person sees operation_timeout. */
export const ACK_DEADLINE_MS = 3000;

export interface Click {
  user: string;
  /** A channel id, or "home" for a click in the person's App Home. */
  channel: string;
  ts: string;
  actionId: string;
  blockId: string;
  value: string;
  text: string;
}

/**
 * What a Slack client does on a person's behalf: send a slash command or a click to the bot as
 * a signed request, then show the acknowledgement (or Slack's error) the way Slack would.
 */
export class WorkbenchClient {
  private triggers = 0;

  constructor(
    private readonly slack: LocalSlack,
    private readonly eventsUrl: string,
    private readonly signingSecret: string,
  ) {}

  /**
   * A line the person typed, e.g. `/hello world`: sent to the app when it starts with one of the
   * manifest's slash commands. Anything else is answered by Slackbot, only to them, without asking the app.
   */
  async command(user: string, channel: string, commandLine: string): Promise<void> {
    const { command, text } = splitCommandLine(commandLine);
    if (!this.slack.manifest.slashCommands.includes(command)) {
      this.slack.addMessage({ channel, author: 'slackbot', text: this.notSent(command), blocks: [], visibleTo: user });
      return;
    }
    const { url } = this.slack.responseUrl([], { channel, user });
    const ack = await this.send(() =>
      postSigned(
        this.eventsUrl,
        this.signingSecret,
        commandBody({
          command,
          text,
          user_id: user,
          response_url: url,
          team_id: TEAM_ID,
          channel_id: channel,
          trigger_id: `trigger:${user}:${++this.triggers}`,
        }),
      ),
    );
    this.showAck(command, ack, user, channel);
  }

  async click(click: Click): Promise<void> {
    if (click.channel === 'home') {
      const ack = await this.send(() =>
        postSigned(
          this.eventsUrl,
          this.signingSecret,
          homeClickBody({ user_id: click.user, action_id: click.actionId, value: click.value }),
        ),
      );
      this.showAck('App Home', ack, click.user, undefined);
      return;
    }
    const message = this.slack.findMessage(click.channel, click.ts);
    if (!message) return;
    const { url } = this.slack.responseUrl([], { channel: click.channel, user: click.user, sourceTs: click.ts });
    const body = buttonClickBody({
      user_id: click.user,
      team_id: TEAM_ID,
      action_id: click.actionId,
      value: click.value,
      response_url: url,
      channel_id: click.channel,
      source: { ts: message.ts, ephemeral: message.visibleTo !== undefined, text: message.text, blocks: message.blocks },
      block_id: click.blockId,
      button_text: click.text,
    });
    const ack = await this.send(() => postSigned(this.eventsUrl, this.signingSecret, body));
    this.showAck('button', ack, click.user, click.channel);
  }

  /** Submits the person's open modal with what they typed; the ack's response_action updates or keeps it. */
  async submitView(user: string, viewId: string, inputs: ViewInputs): Promise<void> {
    const modal = this.slack.modals.get(viewId);
    if (!modal || modal.user !== user) return;
    const callbackId = typeof modal.view.callback_id === 'string' ? modal.view.callback_id : '';
    const ack = await this.send(() =>
      postSigned(
        this.eventsUrl,
        this.signingSecret,
        viewSubmissionBody({
          user_id: user,
          team_id: TEAM_ID,
          view_id: viewId,
          callback_id: callbackId,
          inputs,
          hash: modal.hash,
          view: modal.view,
          ...(modal.suggested ? { suggested: modal.suggested } : {}),
        }),
      ),
    );
    if (ack.status !== 200 || ack.elapsedMs > ACK_DEADLINE_MS) {
      this.slack.refuse('view_submission', ack.status !== 200 ? 'http_service_error' : 'operation_timeout');
      return;
    }
    this.slack.applyViewResponse(
      viewId,
      ack.body.trim() === '' ? undefined : (JSON.parse(ack.body) as Parameters<LocalSlack['applyViewResponse']>[1]),
      inputs,
    );
  }

  /**
   * The person typed `query` into an external select of their open modal: Slack asks the app with
   * a block_suggestion and lists the options its ack answers with (`{ options }` or
   * `{ option_groups }`), which the modal keeps for the submission's option texts. A failed,
   * late or over-limit answer lists nothing and is shown as a refusal.
   */
  async suggest(user: string, viewId: string, blockId: string, query: string): Promise<Record<string, unknown>> {
    const modal = this.slack.modals.get(viewId);
    const actionId = inputElementsOf(modal?.view.blocks).get(blockId)?.action_id;
    if (!modal || modal.user !== user || typeof actionId !== 'string') return {};
    const body = blockSuggestionBody({
      user_id: user,
      team_id: TEAM_ID,
      action_id: actionId,
      block_id: blockId,
      value: query,
      view_id: viewId,
      view: modal.view,
    });
    const ack = await this.send(() => postSigned(this.eventsUrl, this.signingSecret, body));
    if (ack.status !== 200 || ack.elapsedMs > ACK_DEADLINE_MS) {
      this.slack.refuse('block_suggestion', ack.status !== 200 ? 'http_service_error' : 'operation_timeout');
      return {};
    }
    const answer = parseObject(ack.body);
    const problems = optionListProblems(answer, '');
    if (problems.length > 0) {
      this.slack.refuse('block_suggestion acknowledgement', 'invalid_blocks', problems);
      return {};
    }
    modal.suggested = { ...modal.suggested, [blockId]: listedOptions(answer) };
    return answer;
  }

  /** The person closed the modal. */
  closeView(user: string, viewId: string): void {
    if (this.slack.modals.get(viewId)?.user === user) this.slack.applyViewResponse(viewId, { response_action: 'clear' });
  }

  /** The person opened the app's Home or Messages tab. */
  async openHome(user: string, tab: 'home' | 'messages' = 'home'): Promise<void> {
    const event = appHomeOpened(user, { tab, channel: this.slack.dmChannelOf(user) });
    const ack = await this.send(() => postSignedEvent(this.eventsUrl, this.signingSecret, event));
    this.showAck('app_home_opened', ack, user, undefined);
  }

  /** Slack's own answer to an unknown command; for a plain message, why it went nowhere (apps here receive no message events). */
  private notSent(command: string): string {
    const commands = this.slack.manifest.slashCommands.map((c) => `\`${c}\``).join(' or ');
    return command === ''
      ? `Only slash commands reach apps in this local Slack, so your message was not posted.${commands ? ` Try ${commands}.` : ''}`
      : `\`${command}\` is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`;
  }

  private async send(post: () => Promise<SignedResponse>): Promise<SignedResponse> {
    try {
      return await post();
    } catch (err) {
      return { status: 0, body: (err as Error).message, elapsedMs: 0 };
    }
  }

  /** An answer in the ack becomes an ephemeral message; a failure or a late ack becomes Slack's error. */
  private showAck(what: string, ack: SignedResponse, user: string, channel: string | undefined): void {
    const fail = (error: string) => {
      this.slack.refuse(what, error);
      if (channel !== undefined) {
        this.slack.addMessage({
          channel,
          author: 'slackbot',
          text: `${what} failed with the error "${error}"`,
          blocks: [],
          visibleTo: user,
        });
      }
    };
    if (ack.status !== 200) return fail(ack.status === 0 ? 'dispatch_failed' : `http_service_error`);
    if (ack.elapsedMs > ACK_DEADLINE_MS) return fail('operation_timeout');
    if (ack.body.trim() === '' || channel === undefined) return;
    let reply: { text?: string; blocks?: unknown[] };
    try {
      reply = JSON.parse(ack.body) as typeof reply;
    } catch {
      reply = { text: ack.body };
    }
    const problems = messageProblems(reply);
    if (problems.length > 0) {
      this.slack.refuse(`${what} acknowledgement`, 'invalid_blocks', problems);
      return;
    }
    this.slack.addMessage({ channel, author: BOT_USER_ID, text: reply.text ?? '', blocks: reply.blocks ?? [], visibleTo: user });
  }
}

/** An acknowledgement's JSON object; {} for an empty or unreadable body. */
function parseObject(body: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

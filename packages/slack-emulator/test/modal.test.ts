import { modalToHtml } from '../src/render';
import type { RenderContext } from '../src/mrkdwn';

const ctx: RenderContext = { userName: (id) => id, channelName: (id) => id, timeZone: 'UTC', now: new Date('2026-11-26T12:00:00Z') };
const plain = (text: string) => ({ type: 'plain_text', text });

/** A modal with each kind of input the page turns into a form field. */
const signUp = {
  type: 'modal',
  callback_id: 'sign_up',
  title: plain('Sign up'),
  submit: plain('Join'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: 'email',
      label: plain('E-mail'),
      element: { type: 'email_text_input', action_id: 'email_value', initial_value: '"><script>@x.com' },
    },
    {
      type: 'input',
      block_id: 'news',
      optional: true,
      label: plain('Newsletter'),
      element: { type: 'checkboxes', action_id: 'news_value', options: [{ text: plain('Send me news'), value: 'yes' }] },
    },
    {
      type: 'input',
      block_id: 'why',
      label: plain('Why'),
      element: { type: 'plain_text_input', action_id: 'why_value', multiline: true, max_length: 500 },
    },
  ],
};

describe('workbench modals', () => {
  it('renders inputs as form fields named by block, with initial values escaped and field errors', () => {
    const html = modalToHtml('V1', { ...signUp, errors: { email: 'Not <valid>' } }, ctx);
    expect(html).toContain('data-view-id="V1"');
    expect(html).toContain('<h2>Sign up</h2>');
    expect(html).toContain('<input type="email" name="email" value="&quot;&gt;&lt;script&gt;@x.com">');
    expect(html).toContain('<input type="checkbox" name="news" value="yes"> Send me news');
    expect(html).toContain('Newsletter <span class="muted">(optional)</span>');
    expect(html).toContain('<textarea name="why" rows="4" maxlength="500"></textarea>');
    expect(html).toContain('<div class="bk-input-error">Not &lt;valid&gt;</div>');
    expect(html).toContain('>Cancel</button><button type="submit" class="bk-button bk-primary">Join</button>');
  });

  it('shows what the person submitted instead of the initial values, as Slack keeps a form shown with errors', () => {
    const html = modalToHtml('V1', { ...signUp, errors: { email: 'Taken' } }, ctx, {
      email: 'me@x.com',
      news: ['yes'],
      why: 'Because <b>',
    });
    expect(html).toContain('<input type="email" name="email" value="me@x.com">');
    expect(html).toContain('<input type="checkbox" name="news" value="yes" checked> Send me news');
    expect(html).toContain('<textarea name="why" rows="4" maxlength="500">Because &lt;b&gt;</textarea>');
    expect(modalToHtml('V1', signUp, ctx, { email: null, news: [] })).toContain('<input type="email" name="email" value="">');
  });
});

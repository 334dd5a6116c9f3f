import { modalToHtml } from '../src/render';
import { blockSuggestionBody, viewSubmissionBody } from '../src/signedRequests';
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

describe('modal selects', () => {
  const option = (text: string, value: string) => ({ text: plain(text), value });
  const teams = {
    type: 'input',
    block_id: 'team',
    label: plain('Team'),
    element: { type: 'static_select', action_id: 'team_pick', options: [option('Ops & <Infra>', 'ops'), option('Sales', 'sales')] },
  };
  const cities = {
    type: 'input',
    block_id: 'city',
    optional: true,
    label: plain('City'),
    element: { type: 'external_select', action_id: 'city_pick', placeholder: plain('Find a city') },
  };
  const form = { type: 'modal', callback_id: 'pick', title: plain('Pick'), blocks: [teams, cities] };
  const payload = (body: string) => JSON.parse(new URLSearchParams(body).get('payload') ?? '') as { view: { state: { values: unknown } } };

  it('renders a static select with an empty first choice, its initial option, its groups, and what was submitted', () => {
    expect(modalToHtml('V1', form, ctx)).toContain(
      '<select name="team"><option value="">Choose…</option><option value="ops">Ops &amp; &lt;Infra&gt;</option><option value="sales">Sales</option></select>',
    );
    const initial = { ...teams, element: { ...teams.element, initial_option: option('Sales', 'sales') } };
    expect(modalToHtml('V1', { ...form, blocks: [initial] }, ctx)).toContain(
      '<select name="team"><option value="ops">Ops &amp; &lt;Infra&gt;</option><option value="sales" selected>Sales</option></select>',
    );
    expect(modalToHtml('V1', { ...form, blocks: [initial] }, ctx, { team: { selected: 'ops' } })).toContain(
      '<option value="ops" selected>',
    );
    const grouped = {
      ...teams,
      element: { type: 'static_select', action_id: 'g', option_groups: [{ label: plain('Eng'), options: [option('Ops', 'ops')] }] },
    };
    expect(modalToHtml('V1', { ...form, blocks: [grouped] }, ctx)).toContain(
      '<optgroup label="Eng"><option value="ops">Ops</option></optgroup>',
    );
  });

  it('renders an external select as a search box over a list holding the chosen option, its text from the app’s suggestions', () => {
    expect(modalToHtml('V1', form, ctx)).toContain(
      '<input type="search" class="bk-suggest" placeholder="Find a city" data-min-query-length="3"><select name="city"><option value="">Find a city</option></select>',
    );
    expect(modalToHtml('V1', form, ctx, { city: { selected: 'oslo' } }, { city: [option('Oslo', 'oslo')] })).toContain(
      '<select name="city"><option value="">Find a city</option><option value="oslo" selected>Oslo</option></select>',
    );
  });

  it('submits each select’s chosen option in Slack’s state shape, its text taken from the view', () => {
    const body = viewSubmissionBody({
      user_id: 'U1',
      team_id: 'T1',
      view_id: 'V1',
      callback_id: 'pick',
      view: form,
      inputs: { team: { selected: 'ops' }, city: { selected: 'oslo' } },
      suggested: { city: [option('Oslo', 'oslo')] },
    });
    expect(payload(body).view.state.values).toEqual({
      team: {
        team_pick: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Ops & <Infra>' }, value: 'ops' } },
      },
      city: { city_pick: { type: 'external_select', selected_option: { text: { type: 'plain_text', text: 'Oslo' }, value: 'oslo' } } },
    });
    const bare = viewSubmissionBody({
      user_id: 'U1',
      team_id: 'T1',
      view_id: 'V1',
      callback_id: 'pick',
      inputs: { team: { selected: 'ops' }, city: { selected: null } },
    });
    expect(payload(bare).view.state.values).toEqual({
      team: { team: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'ops' }, value: 'ops' } } },
      city: { city: { type: 'static_select', selected_option: null } },
    });
  });

  it('builds a block_suggestion as Slack sends it for what was typed into an external select', () => {
    const body = payload(
      blockSuggestionBody({ user_id: 'U1', team_id: 'T1', action_id: 'city_pick', block_id: 'city', value: 'os', view_id: 'V1' }),
    );
    expect(body).toMatchObject({
      type: 'block_suggestion',
      action_id: 'city_pick',
      block_id: 'city',
      value: 'os',
      user: { id: 'U1' },
      team: { id: 'T1' },
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'modal' },
    });
  });
});

// The workbench page: places the HTML the server renders, and turns the person's typing and
// clicks into requests the server forwards to the bot as Slack would. No framework.
'use strict';

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const $ = (id) => document.getElementById(id);
// tab: '' in a channel, else the app's 'home' or 'messages' tab. dmSeen: per person, how many DMs they have seen (the badge shows the rest).
const view = { user: '', channel: '', tab: '', state: null, app: null, newestShown: '', dmSeen: new Map() };

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: view.user, ...body }),
  });
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

function place(element, html) {
  if (element.dataset.html !== html) {
    element.innerHTML = html;
    element.dataset.html = html;
  }
}

/**
 * Like Slack, a conversation opens at its newest message and follows new ones: the newest is
 * brought into view (its top, when it is taller than the pane). Scrolling back stays put until
 * another message arrives.
 */
function revealNewest(pane) {
  const newest = [...pane.querySelectorAll(':scope > .msg')].at(-1);
  const key = `${view.user}|${view.tab}|${view.channel}|${newest ? newest.dataset.ts : ''}`;
  if (!newest || key === view.newestShown) return;
  view.newestShown = key;
  const top = pane.scrollTop + newest.getBoundingClientRect().top - pane.getBoundingClientRect().top;
  pane.scrollTop = newest.offsetHeight <= pane.clientHeight ? pane.scrollHeight : top - 8;
}

/** Where the person is: a channel, or the app's Home or Messages tab (the bot's DMs with them). */
function showWhere(state) {
  const channel = state.channels.find((c) => c.id === view.channel);
  const inApp = view.tab !== '';
  $('conversation-title').textContent = inApp ? view.app.name : `# ${channel.name}`;
  $('conversation-purpose').textContent = inApp ? '' : channel.purpose;
  $('app-tabs').hidden = !inApp;
  $('tab-home').classList.toggle('active', view.tab === 'home');
  $('tab-messages').classList.toggle('active', view.tab === 'messages');
  for (const item of document.querySelectorAll('#channel-list .nav-item'))
    item.classList.toggle('active', !inApp && item.dataset.channel === view.channel);
  $('open-home').classList.toggle('active', inApp);
  // Home has no message box; the Messages tab has one unless the manifest makes it read-only.
  const writable = view.tab === '' || (view.tab === 'messages' && view.app.messagesTab === 'writable');
  $('composer').hidden = !writable;
  $('composer-off').hidden = view.tab !== 'messages' || writable;
  $('messages').hidden = view.tab === 'home';
  $('home').hidden = view.tab !== 'home';
  if (view.tab !== 'home') {
    place($('messages'), view.tab === 'messages' ? state.dm.html : channel.html);
    revealNewest($('messages'));
  }
}

/** The app's unread direct messages, next to its name, as Slack counts them until the Messages tab is seen. */
function showUnread(dm) {
  if (view.tab === 'messages') view.dmSeen.set(view.user, dm.count);
  const unread = dm.count - (view.dmSeen.get(view.user) ?? 0);
  $('dm-badge').hidden = unread <= 0;
  $('dm-badge').textContent = String(unread);
}

function show() {
  const state = view.state;
  if (!state) return;
  showWhere(state);
  showUnread(state.dm);
  place($('home'), state.home);
  place($('panel-body'), state.panel);
  place($('refusals'), state.refusals);
  showModal(state.modal);
}

/** Opens the app's Home or Messages tab; Slack tells the app with app_home_opened. */
async function openApp(tab) {
  view.tab = tab;
  show();
  await post('/home', { tab });
  await refresh();
}

/** The person's open modal, as Slack shows it over the conversation; '' closes it. */
function showModal(html) {
  const dialog = $('modal');
  place(dialog, html);
  if (html && !dialog.open) dialog.showModal();
  if (!html && dialog.open) dialog.close();
}

/** What the person typed, per input block: text, the ticked checkbox values, or a select's chosen value. */
function modalInputs(form) {
  const inputs = {};
  for (const block of form.querySelectorAll('.bk-input')) {
    const boxes = block.querySelectorAll('input[type=checkbox]');
    const select = block.querySelector('select');
    const field = block.querySelector('input:not([type=checkbox]), textarea');
    inputs[block.dataset.blockId] = select
      ? { selected: select.value === '' ? null : select.value }
      : boxes.length > 0
        ? [...boxes].filter((b) => b.checked).map((b) => b.value)
        : field.value.trim() === ''
          ? null
          : field.value;
  }
  return inputs;
}

/** Pending searches of external selects: Slack waits for a pause in the typing before it asks the app. */
const searches = new WeakMap();
const SEARCH_PAUSE_MS = 300;

/** The person typed into an external select's box: after a pause, the app's options replace its list. */
function searchOptions(box) {
  window.clearTimeout(searches.get(box));
  if (box.value.length < Number(box.dataset.minQueryLength)) return;
  const block = box.closest('.bk-input');
  const form = box.closest('form.bk-modal');
  searches.set(
    box,
    setTimeout(async () => {
      const { html } = await post('/suggest', { viewId: form.dataset.viewId, blockId: block.dataset.blockId, value: box.value });
      block.querySelector('select').innerHTML = html;
    }, SEARCH_PAUSE_MS),
  );
}

async function refresh() {
  const response = await fetch(`/state?user=${encodeURIComponent(view.user)}&tz=${encodeURIComponent(zone)}`);
  view.state = await response.json();
  show();
}

function confirmFirst(spec) {
  if (!spec) return Promise.resolve(true);
  const dialog = $('confirm');
  $('confirm-title').textContent = spec.title;
  $('confirm-text').textContent = spec.text;
  $('confirm-ok').textContent = spec.confirm;
  $('confirm-ok').className = `bk-button ${spec.danger ? 'bk-danger' : 'bk-primary'}`;
  $('confirm-deny').textContent = spec.deny;
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true }));
}

async function clicked(button) {
  const message = button.closest('.msg');
  const confirmed = await confirmFirst(button.dataset.confirm ? JSON.parse(button.dataset.confirm) : undefined);
  if (!confirmed) return;
  button.disabled = true;
  await post('/click', {
    channel: message ? message.dataset.channel : 'home',
    ts: message ? message.dataset.ts : '',
    actionId: button.dataset.actionId,
    blockId: button.dataset.blockId,
    value: button.dataset.value,
    text: button.dataset.text,
  });
  await refresh();
}

/** The side panel's title and buttons, when the page was given a panel; without one the page has two columns. */
function setUpPanel(panel, channels) {
  if (!panel) {
    document.querySelector('.app').classList.add('no-panel');
    return;
  }
  $('side-panel').hidden = false;
  $('panel-title').textContent = panel.title;
  panel.actions.forEach((action, index) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'bk-button panel-action';
    button.textContent = action.label;
    button.addEventListener('click', async () => {
      $('panel-outcome').textContent = 'Working…';
      const { outcome } = await post('/panel-action', { index });
      $('panel-outcome').textContent = outcome;
      if (channels.some((c) => c.id === action.showChannel)) {
        view.tab = '';
        view.channel = action.showChannel;
      }
      await refresh();
    });
    $('panel-actions').append(button);
  });
}

async function start() {
  const { name, people, channels, app, panel } = await (await fetch('/workspace')).json();
  view.app = app;
  document.title = `${app.name} workbench`;
  $('workspace-name').textContent = name;
  $('app-name').textContent = app.name;
  $('composer-input').placeholder = `Type ${app.commands.join(' or ')}, then Enter`;
  setUpPanel(panel, channels);
  for (const person of people) $('person').add(new Option(person.name, person.id));
  const describe = () => {
    $('person-role').textContent = people.find((p) => p.id === $('person').value).role;
  };
  view.user = people[0].id;
  view.channel = channels[0].id;
  describe();
  for (const channel of channels) {
    const item = document.createElement('li');
    item.innerHTML = '<button type="button" class="nav-item"></button>';
    item.firstChild.textContent = `# ${channel.name}`;
    item.firstChild.dataset.channel = channel.id;
    item.firstChild.addEventListener('click', () => {
      view.tab = '';
      view.channel = channel.id;
      show();
    });
    $('channel-list').append(item);
  }
  $('person').addEventListener('change', async () => {
    view.user = $('person').value;
    describe();
    if (view.tab) await post('/home', { tab: view.tab });
    await refresh();
  });
  $('open-home').addEventListener('click', () => void openApp('home'));
  $('tab-home').addEventListener('click', () => void openApp('home'));
  $('tab-messages').addEventListener('click', () => void openApp('messages'));
  $('tab-messages').hidden = app.messagesTab === 'off';
  // Everything typed goes to the local Slack, which answers what is not one of the app's commands.
  $('composer').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('composer-input').value.trim();
    if (text === '') return;
    $('composer-input').value = '';
    await post('/command', { channel: view.tab === 'messages' ? view.state.dm.channel : view.channel, text });
    await refresh();
  });
  $('modal').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target.closest('form.bk-modal');
    await post('/submit', { viewId: form.dataset.viewId, inputs: modalInputs(form) });
    await refresh();
  });
  $('modal').addEventListener('cancel', (event) => event.preventDefault());
  $('modal').addEventListener('input', (event) => {
    if (event.target.matches('input.bk-suggest')) searchOptions(event.target);
  });
  document.addEventListener('click', (event) => {
    const close = event.target.closest('button.modal-close');
    if (close) {
      void post('/close', { viewId: close.closest('form.bk-modal').dataset.viewId }).then(refresh);
      return;
    }
    const button = event.target.closest('button.bk-button[data-action-id]');
    if (button) void clicked(button);
  });
  await refresh();
  setInterval(() => void refresh(), 700);
}

void start();

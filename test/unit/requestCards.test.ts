import { InProcessCoordination } from '../../src/coordination/inProcess';
import { decodeCardId, RequestCards, type DecisionTurn, type RequestCard } from '../../src/domain/requestCards';
import { encodeTagged } from '../../src/domain/sharedCodec';
import { PausingCoordination } from '../support/pausingCoordination';

const WHERE = { channel: 'C0NOTIFY01', ts: '1700000000.000100' };

function cardOf(cards: RequestCards, requester = 'U0MEMBER1'): RequestCard {
  return {
    id: cards.newId(),
    request: { requester, email: 'member@example.com', apiEnabled: true, reason: 'staging', askedAt: new Date('2026-12-01T09:00:00Z') },
    ...WHERE,
    state: { kind: 'open' },
  };
}

function yours(turn: DecisionTurn): Extract<DecisionTurn, { kind: 'yours' }> {
  if (turn.kind !== 'yours') throw new Error(`expected the turn, got ${turn.kind}`);
  return turn;
}

describe('RequestCards: a request is its record, decided once', () => {
  it('reads the request from the record (never from the click) and refuses what the record does not match', async () => {
    const cards = new RequestCards();
    const card = cardOf(cards);
    await cards.save(card);
    expect(await cards.take(cards.newId(), 'U0ADMIN01', WHERE)).toEqual({ kind: 'unknown_card' });
    expect(await cards.take(card.id, 'U0ADMIN01', { ...WHERE, channel: 'C0OTHER01' })).toEqual({ kind: 'card_mismatch' });
    expect(await cards.take(card.id, 'U0ADMIN01', { ...WHERE, ts: '1700000000.000200' })).toEqual({ kind: 'card_mismatch' });
    expect(await cards.take(card.id, 'U0ADMIN01', { channel: undefined, ts: undefined })).toEqual({ kind: 'card_mismatch' });
    expect(await cards.take(card.id, 'U0MEMBER1', WHERE)).toEqual({ kind: 'self_decision' });
    const turn = yours(await cards.take(card.id, 'U0ADMIN01', WHERE));
    expect(turn.card.request).toEqual(card.request);
    expect(turn.card.state).toEqual({ kind: 'approving', by: 'U0ADMIN01' });
  });

  it('gives a card to one decider; others learn who decides, then who decided; a refused turn reopens it', async () => {
    const cards = new RequestCards();
    const card = cardOf(cards);
    await cards.save(card);
    const first = yours(await cards.take(card.id, 'U1', WHERE));
    expect(await cards.take(card.id, 'U2', WHERE)).toEqual({ kind: 'busy', by: 'U1' });
    await first.finish({ kind: 'open' });
    expect((await cards.get(card.id))?.state).toEqual({ kind: 'open' });
    const second = yours(await cards.take(card.id, 'U2', WHERE));
    const decision = { kind: 'approved' as const, by: 'U2', expiresAt: new Date('2026-12-04T09:00:00Z') };
    await second.finish(decision);
    expect(await cards.take(card.id, 'U3', WHERE)).toEqual({ kind: 'decided', decision });
    expect((await cards.get(card.id))?.state).toEqual(decision);
  });

  it('a click that takes the lease after another decided the card meanwhile is told it is decided, and the decision stays', async () => {
    const store = new InProcessCoordination();
    const paused = new PausingCoordination(store);
    const cards = new RequestCards(store);
    const card = cardOf(cards);
    await cards.save(card);
    const pause = paused.pauseNextAcquire(`deciding:${card.id}`);
    const late = new RequestCards(paused).take(card.id, 'U1', WHERE);
    await pause.reached; // it read the card open and is about to take its lease
    const first = yours(await cards.take(card.id, 'U2', WHERE));
    const decision = { kind: 'approved' as const, by: 'U2', expiresAt: null };
    await first.finish(decision);
    pause.resume();
    expect(await late).toEqual({ kind: 'decided', decision });
    expect((await cards.get(card.id))?.state).toEqual(decision);
    expect(await store.isHeld(`deciding:${card.id}`)).toBe(false);
  });

  it('a decider whose record changed under it (its lease lost) cannot overwrite the newer state', async () => {
    const store = new InProcessCoordination();
    const cards = new RequestCards(store);
    const card = cardOf(cards);
    await cards.save(card);
    const turn = yours(await cards.take(card.id, 'U1', WHERE));
    const newer = { ...turn.card, state: { kind: 'denied' as const, by: 'U2', expiresAt: null } };
    // What another decider would have written after taking over: the first one's finish must not land.
    await store.set(`card:${card.id}`, encodeTagged(newer), 60_000);
    await expect(turn.finish({ kind: 'approved', by: 'U1', expiresAt: null })).rejects.toThrow('changed while it was being decided');
    expect((await cards.get(card.id))?.state).toEqual({ kind: 'denied', by: 'U2', expiresAt: null });
  });

  it('an approving record whose decider crashed (its lease ran out) is taken over', async () => {
    let now = Date.now();
    const store = new InProcessCoordination(() => now);
    const cards = new RequestCards(store);
    const card = cardOf(cards);
    await cards.save(card);
    const lease = await store.acquire(`deciding:${card.id}`, 1_000);
    await store.set(`card:${card.id}`, encodeTagged({ ...card, state: { kind: 'approving', by: 'U1' } }), 60_000);
    expect(await cards.take(card.id, 'U2', WHERE)).toEqual({ kind: 'busy', by: 'U1' });
    now += 1_001;
    expect(yours(await cards.take(card.id, 'U2', WHERE)).card.state).toEqual({ kind: 'approving', by: 'U2' });
    await lease?.release();
  });

  it('button values are card ids only', () => {
    const id = new RequestCards().newId();
    expect(decodeCardId(id)).toBe(id);
    for (const forged of ['', '{"r":"U1","e":"x@example.com"}', `${id} `, id.toUpperCase(), 42, null])
      expect(decodeCardId(forged)).toBeNull();
  });
});

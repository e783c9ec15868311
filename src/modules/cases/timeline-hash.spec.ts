import { canonicalJson } from '../../common/canonical-json.js';
import { ChainVerifier, type EventContent, eventHash, eventTime, type StoredEvent } from './timeline-hash.js';

function chain(length: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (let position = 1; position <= length; position++) {
    const content: EventContent = {
      id: `00000000-0000-4000-8000-00000000000${position}`,
      caseId: '10000000-0000-4000-8000-000000000000',
      position,
      kind: 'case.note_added',
      occurredAt: eventTime(new Date(Date.UTC(2018, 2, 21, 9, position))),
      actorMemberId: null,
      actorOrganisationId: null,
      signalId: null,
      actionId: null,
      details: { text: `note ${position}` },
      previousHash: events[position - 2]?.hash ?? null,
    };
    events.push({ ...content, hash: eventHash(content) });
  }
  return events;
}

function verify(events: StoredEvent[], head = { lastEventPosition: 3, lastEventHash: chain(3)[2]!.hash }) {
  const verifier = new ChainVerifier(head);
  events.every((event) => verifier.check(event));
  return verifier.finish();
}

describe(canonicalJson.name, () => {
  it('sorts keys at every level and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: 1, x: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":1}]},"b":1}',
    );
  });

  it('writes the same bytes for the same value, whatever the key order', () => {
    expect(canonicalJson({ x: 1, y: 'é"' })).toBe(canonicalJson({ y: 'é"', x: 1 }));
  });
});

describe(eventTime.name, () => {
  it('writes microseconds, as PostgreSQL keeps them', () => {
    expect(eventTime(new Date('2018-03-21T09:30:00.123Z'))).toBe('2018-03-21T09:30:00.123000Z');
  });
});

describe(eventHash.name, () => {
  it('hashes only the content, not other fields the object carries', () => {
    const [event] = chain(1);

    const withOtherHash: StoredEvent = { ...event!, hash: 'something else' };

    expect(eventHash(withOtherHash)).toBe(event!.hash);
  });

  it('depends on the previous hash', () => {
    const [event] = chain(1);

    expect(eventHash({ ...event!, previousHash: 'f'.repeat(64) })).not.toBe(event!.hash);
  });
});

describe(ChainVerifier.name, () => {
  it('accepts an intact chain', () => {
    expect(verify(chain(3))).toEqual({ eventCount: 3, firstBreak: null });
  });

  it('names an altered event', () => {
    const events = chain(3);
    events[1] = { ...events[1]!, details: { text: 'changed' } };

    expect(verify(events).firstBreak).toEqual({
      eventId: events[1].id,
      position: 2,
      problem: 'hash-mismatch',
    });
  });

  it('names the event after a removed one', () => {
    const events = chain(3);

    expect(verify([events[0]!, events[2]!]).firstBreak).toEqual({
      eventId: events[2]!.id,
      position: 3,
      problem: 'position-gap',
    });
  });

  it('names a re-hashed event by the break it leaves behind it', () => {
    const events = chain(3);
    const forged: EventContent = { ...events[1]!, details: { text: 'forged' } };
    events[1] = { ...forged, hash: eventHash(forged) };

    expect(verify(events).firstBreak).toMatchObject({ position: 3, problem: 'previous-hash-mismatch' });
  });

  it('notices events missing at the end, and an end that is not the recorded head', () => {
    const events = chain(3);

    expect(verify(events.slice(0, 2)).firstBreak).toEqual({
      eventId: null,
      position: 3,
      problem: 'missing-events-at-end',
    });
    expect(verify(events, { lastEventPosition: 3, lastEventHash: 'x' }).firstBreak).toEqual({
      eventId: null,
      position: 3,
      problem: 'head-mismatch',
    });
  });

  it('names an event beyond the recorded head', () => {
    const events = chain(4);

    expect(verify(events).firstBreak).toEqual({
      eventId: events[3]!.id,
      position: 4,
      problem: 'after-recorded-head',
    });
  });
});

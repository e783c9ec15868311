import { changedFields, contentOf } from './signal-content.js';
import type { SignalView } from './signal-view.js';

const view: SignalView = {
  id: 'id',
  seq: '1',
  organisationId: 'org',
  reporterCode: 'AIVD',
  submittedByMemberId: 'member',
  submittedByName: 'Liaison',
  title: 'Bots',
  description: 'Many bots.',
  category: 'inauthentic-behaviour',
  severity: 'moderate',
  tlp: 'AMBER',
  classification: 'unclassified',
  election: 'GR2018',
  phase: null,
  municipalities: ['GM0599', 'GM0363'],
  observedAt: new Date('2018-03-14T08:30:00Z'),
  source: 'open-source',
  confidence: 50,
  attribution: null,
  externalRef: null,
  observables: [
    { type: 'url', value: 'https://b.example/' },
    { type: 'hashtag', value: 'stem' },
  ],
  addresseeCodes: ['NCTV', 'BZK'],
  createdAt: new Date('2018-03-14T09:00:00Z'),
  version: 1,
  updatedAt: new Date('2018-03-14T09:00:00Z'),
  withdrawnAt: null,
  withdrawalReason: null,
};

describe('contentOf', () => {
  it('sorts observables and addressees, keeping municipalities as given', () => {
    expect(contentOf(view)).toMatchObject({
      observables: [
        { type: 'hashtag', value: 'stem' },
        { type: 'url', value: 'https://b.example/' },
      ],
      addressees: ['BZK', 'NCTV'],
      municipalities: ['GM0599', 'GM0363'],
      observedAt: '2018-03-14T08:30:00.000Z',
    });
  });
});

describe('changedFields', () => {
  it('names nothing for the same content in another order', () => {
    const reordered = {
      ...view,
      observables: [...view.observables].reverse(),
      addresseeCodes: ['BZK', 'NCTV'],
    };

    expect(changedFields(contentOf(view), contentOf(reordered))).toEqual([]);
  });

  it('names each field that differs', () => {
    const amended = {
      ...view,
      severity: 'critical' as const,
      addresseeCodes: ['NCTV'],
      observables: [{ type: 'hashtag' as const, value: 'stem' }],
    };

    expect(changedFields(contentOf(view), contentOf(amended))).toEqual([
      'severity',
      'observables',
      'addressees',
    ]);
  });
});

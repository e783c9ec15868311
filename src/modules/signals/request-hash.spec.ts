import { canonicalJson, requestHash } from './request-hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    const json = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } });

    expect(json).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('leaves out undefined properties, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });

  it('reads class instances by their own properties', () => {
    class Body {
      title = 't';
      confidence = 5;
    }

    expect(canonicalJson(new Body())).toBe('{"confidence":5,"title":"t"}');
  });
});

describe('requestHash', () => {
  it('is the same for the same body written in another key order', () => {
    expect(requestHash({ a: 1, b: [1, 2] })).toBe(requestHash({ b: [1, 2], a: 1 }));
  });

  it('differs when a value differs', () => {
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });

  it('is a hex SHA-256', () => {
    expect(requestHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});

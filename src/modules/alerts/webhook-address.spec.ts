import { WebhookAddressPolicy, isPublicAddress } from './webhook-address.js';

describe(isPublicAddress.name, () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '145.97.39.155', '172.32.0.1', '2a00:1450:4001:82b::200e', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses what is not an address at all', () => {
    expect(isPublicAddress('localhost')).toBe(false);
  });
});

describe(WebhookAddressPolicy.name, () => {
  it('allows an allow-listed host name whatever it resolves to', () => {
    const sut = new WebhookAddressPolicy(['localhost']);

    expect(sut.isAddressAllowed('localhost', '127.0.0.1')).toBe(true);
  });

  it('allows addresses inside an allow-listed CIDR range', () => {
    const sut = new WebhookAddressPolicy(['127.0.0.0/8']);

    expect(sut.isAddressAllowed('receiver.test', '127.0.0.2')).toBe(true);
  });

  it('refuses internal addresses outside the allow-list', () => {
    const sut = new WebhookAddressPolicy(['127.0.0.0/8']);

    expect(sut.isAddressAllowed('receiver.test', '10.0.0.1')).toBe(false);
  });

  it('refuses a literal internal address in a URL', async () => {
    const sut = new WebhookAddressPolicy([]);

    await expect(sut.resolve(new URL('http://169.254.169.254/latest/meta-data'))).resolves.toEqual({
      refused: expect.stringContaining('169.254.169.254'),
    });
  });

  it('refuses a name that resolves to loopback', async () => {
    const sut = new WebhookAddressPolicy([]);

    await expect(sut.resolve(new URL('http://localhost:8080/hook'))).resolves.toEqual({
      refused: expect.stringContaining('not public'),
    });
  });

  it('resolves an allow-listed loopback URL to the address to connect to', async () => {
    const sut = new WebhookAddressPolicy(['127.0.0.1']);

    await expect(sut.resolve(new URL('http://127.0.0.1:8080/hook'))).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});

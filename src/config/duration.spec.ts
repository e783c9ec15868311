import { parseDuration, parseDurationList } from './duration.js';

describe(parseDuration.name, () => {
  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    [' 30m ', 1_800_000],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', 'm', '1.5h', '-5m', '15 m', '15min'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe(parseDurationList.name, () => {
  it('reads a comma-separated schedule', () => {
    expect(parseDurationList('1m,5m,1h')).toEqual([60_000, 300_000, 3_600_000]);
  });

  it('refuses a list with one bad item', () => {
    expect(parseDurationList('1m,soon,1h')).toBeUndefined();
  });

  it('refuses a zero delay', () => {
    expect(parseDurationList('0s')).toBeUndefined();
  });
});

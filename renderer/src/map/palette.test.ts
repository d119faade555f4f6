import { describe, expect, it } from 'vitest';
import { contrastRatio, mix, parseColour, withAlpha } from './colour.ts';
import { assignRouteColours, ROUTE_PALETTE } from './palette.ts';
import { mapThemeFrom } from './theme.ts';

/** The tokens of renderer/src/styles.css, as the map reads them. */
const themes = {
  light: mapThemeFrom('light', () => undefined),
  dark: mapThemeFrom('dark', () => undefined),
};

describe('route colours', () => {
  it('gives each vehicle its own colour, in order', () => {
    const colours = assignRouteColours([{}, {}, {}], ROUTE_PALETTE.light);
    expect(colours).toEqual(ROUTE_PALETTE.light.slice(0, 3));
  });

  it('keeps an explicit colour and does not hand it out again', () => {
    const taken = ROUTE_PALETTE.light[1];
    const colours = assignRouteColours([{}, { colour: taken }, {}], ROUTE_PALETTE.light);
    expect(colours[1]).toBe(taken);
    expect(colours[0]).toBe(ROUTE_PALETTE.light[0]);
    expect(colours[2]).toBe(ROUTE_PALETTE.light[2]);
    expect(new Set(colours).size).toBe(3);
  });

  it('only repeats colours when there are more vehicles than colours', () => {
    const n = ROUTE_PALETTE.dark.length;
    const colours = assignRouteColours(
      Array.from({ length: n + 2 }, () => ({})),
      ROUTE_PALETTE.dark,
    );
    expect(new Set(colours.slice(0, n)).size).toBe(n);
    expect(colours[n]).toBe(colours[0]);
  });

  for (const name of ['light', 'dark'] as const) {
    it(`is readable on the ${name} basemap (WCAG 3:1 non-text contrast against land)`, () => {
      const theme = themes[name];
      for (const colour of ROUTE_PALETTE[name]) {
        expect(contrastRatio(colour, theme.land), colour).toBeGreaterThanOrEqual(3);
        expect(contrastRatio(colour, theme.landOther), colour).toBeGreaterThanOrEqual(3);
      }
    });

    it(`keeps vehicles apart from the camera status colours (${name})`, () => {
      const theme = themes[name];
      for (const colour of ROUTE_PALETTE[name]) {
        for (const status of [theme.up, theme.down])
          expect(distance(colour, status), colour).toBeGreaterThan(60);
      }
    });
  }
});

describe('map theme', () => {
  it('tells sea from land in both themes', () => {
    for (const theme of Object.values(themes))
      expect(contrastRatio(theme.sea, theme.land)).toBeGreaterThan(1.05);
  });

  it('follows the CSS variables it is given', () => {
    const theme = mapThemeFrom('light', (v) => (v === '--danger' ? ' #ff0000 ' : undefined));
    expect(theme.down).toBe('#ff0000');
    expect(theme.gap).toBe('#ff0000');
  });
});

describe('colour helpers', () => {
  it('parses the forms getComputedStyle returns', () => {
    expect(parseColour('#fff')).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(parseColour('#1f5fbf')).toEqual({ r: 31, g: 95, b: 191, a: 1 });
    expect(parseColour('rgb(1, 2, 3)')).toEqual({ r: 1, g: 2, b: 3, a: 1 });
    expect(parseColour('rgba(1, 2, 3, 0.5)')).toEqual({ r: 1, g: 2, b: 3, a: 0.5 });
    expect(parseColour('var(--x)')).toBeNull();
  });

  it('mixes like color-mix(in srgb) and adds alpha', () => {
    expect(mix('#000000', '#ffffff', 0.5)).toBe('#808080');
    expect(mix('#102030', '#102030', 0.3)).toBe('#102030');
    expect(withAlpha('#ff0000', 0.25)).toBe('rgba(255, 0, 0, 0.25)');
  });
});

function distance(a: string, b: string): number {
  const x = parseColour(a)!;
  const y = parseColour(b)!;
  return Math.hypot(x.r - y.r, x.g - y.g, x.b - y.b);
}

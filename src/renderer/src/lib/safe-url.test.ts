import { describe, expect, it } from 'vitest';
import { parseMediaRef, safeImageSrc, safeLinkHref } from './safe-url';

describe('safeLinkHref', () => {
  it('keeps http and https links', () => {
    expect(safeLinkHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeLinkHref('http://localhost:3000')).toBe('http://localhost:3000/');
  });
  it('drops script, data, file and relative links', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'data:text/html,<b>',
      'file:///etc/passwd',
      '/x',
      '',
    ]) {
      expect(safeLinkHref(url)).toBeNull();
    }
  });
});

describe('safeImageSrc', () => {
  it('keeps base64 raster data URIs', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(safeImageSrc(png)).toBe(png);
    expect(safeImageSrc('data:image/jpeg;base64,/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ');
  });
  it('drops remote images, SVG and anything that is not an image', () => {
    for (const url of [
      'https://evil.example/pixel.png',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:text/html;base64,PHNjcmlwdD4=',
      'javascript:alert(1)',
      'x',
    ]) {
      expect(safeImageSrc(url)).toBeNull();
    }
  });
});

describe('parseMediaRef', () => {
  it('reads the type, id and source of a Langfuse media reference', () => {
    expect(parseMediaRef('@@@langfuseMedia:type=image/png|id=abc-123|source=base64_data_uri@@@')).toEqual({
      type: 'image/png',
      id: 'abc-123',
      source: 'base64_data_uri',
    });
  });
  it('reads a reference percent-encoded by a markdown link', () => {
    expect(parseMediaRef('@@@langfuseMedia:type=image/png%7Cid=abc%7Csource=bytes@@@')?.id).toBe('abc');
  });
  it('answers null for other text', () => {
    expect(parseMediaRef('hello')).toBeNull();
    expect(parseMediaRef('@@@langfuseMedia:type=image/png@@@')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { hostnameOf, isAllowedHost, isLoopbackName, isOwnOrigin } from './host-check';
import { sameSecret } from './secret';

describe('host checks', () => {
  it('reads the host name out of a Host header', () => {
    expect(hostnameOf('LocalHost:4318')).toBe('localhost');
    expect(hostnameOf('[::1]:4318')).toBe('::1');
    expect(hostnameOf('example.com')).toBe('example.com');
    expect(hostnameOf(undefined)).toBeNull();
  });

  it('accepts loopback names and the bound host, and refuses other names (DNS rebinding)', () => {
    for (const host of ['127.0.0.1:4318', 'localhost:4318', '[::1]:4318', 'app.localhost:4318', '127.0.0.2']) {
      expect(isAllowedHost(host, '127.0.0.1')).toBe(true);
    }
    expect(isAllowedHost('evil.example:4318', '127.0.0.1')).toBe(false);
    expect(isAllowedHost(undefined, '127.0.0.1')).toBe(false);
    expect(isAllowedHost('192.168.1.5:4318', '192.168.1.5')).toBe(true);
    expect(isAllowedHost('[fe80::1]:4318', 'fe80::1')).toBe(true);
    expect(isAllowedHost('my-laptop.lan:4318', '0.0.0.0')).toBe(true);
  });

  it('knows loopback names with or without IPv6 brackets', () => {
    for (const name of ['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', 'app.localhost'])
      expect(isLoopbackName(name)).toBe(true);
    for (const name of ['evil.example', '192.168.1.5', 'localhost.evil.example', '[fe80::1]'])
      expect(isLoopbackName(name)).toBe(false);
  });

  it("takes only the page served from this Host as Loupe's own origin", () => {
    expect(isOwnOrigin('http://127.0.0.1:4318', '127.0.0.1:4318')).toBe(true);
    expect(isOwnOrigin(undefined, '127.0.0.1:4318')).toBe(false);
    expect(isOwnOrigin('null', '127.0.0.1:4318')).toBe(false);
    expect(isOwnOrigin('http://127.0.0.1:3000', '127.0.0.1:4318')).toBe(false);
    expect(isOwnOrigin('http://evil.example', '127.0.0.1:4318')).toBe(false);
  });
});

describe('secrets', () => {
  it('match only when equal, whatever their lengths', () => {
    expect(sameSecret('sk-lf-1', 'sk-lf-1')).toBe(true);
    expect(sameSecret('sk-lf-2', 'sk-lf-1')).toBe(false);
    expect(sameSecret('sk', 'sk-lf-1')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});

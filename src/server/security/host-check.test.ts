import { describe, expect, it } from 'vitest';
import { hostnameOf, isAllowedHost } from './host-check';

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
});

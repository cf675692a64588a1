import { describe, expect, it } from 'vitest';
import { grpcEndpoint } from './endpoint';

describe('grpcEndpoint', () => {
  it('is the HTTP endpoint with the gRPC port, IPv6 hosts included, and null when gRPC is off', () => {
    const info = { host: '127.0.0.1', port: 4318, endpoint: 'http://127.0.0.1:4318', grpcPort: 4317 };
    expect(grpcEndpoint(info)).toBe('http://127.0.0.1:4317');
    expect(grpcEndpoint({ host: '::1', port: 4400, endpoint: 'http://[::1]:4400', grpcPort: 4401 })).toBe(
      'http://[::1]:4401',
    );
    expect(grpcEndpoint({ ...info, grpcPort: null })).toBeNull();
    expect(grpcEndpoint(null)).toBeNull();
  });
});

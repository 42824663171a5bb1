import type { Transport } from './transport.js';
import { LocalTransport } from './local-transport.js';
import { SshTransport } from './ssh-transport.js';
import { UnknownTransportError } from './transport-errors.js';

export interface HostTransportConfig {
  transport: string;
  address?: string;
  user?: string;
  port?: number;
}

export const KNOWN_TRANSPORTS = ['local', 'ssh'] as const;

/** One transport per host; `hostName` only improves error messages. */
export function createTransport(config: HostTransportConfig, hostName?: string): Transport {
  switch (config.transport) {
    case 'local':
      return new LocalTransport();
    case 'ssh':
      return new SshTransport({
        address: config.address ?? '',
        ...(config.user !== undefined ? { user: config.user } : {}),
        ...(config.port !== undefined ? { port: config.port } : {}),
        ...(hostName !== undefined ? { hostName } : {}),
      });
    default:
      throw new UnknownTransportError(config.transport, KNOWN_TRANSPORTS, hostName);
  }
}

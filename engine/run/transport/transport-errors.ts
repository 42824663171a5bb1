import { MirrorplanError } from '../../errors/mirrorplan-error.js';

export class UnknownTransportError extends MirrorplanError {
  constructor(found: string, known: readonly string[], host?: string) {
    super('UNKNOWN_TRANSPORT', `unknown transport '${found}'${host ? ` for host '${host}'` : ''}`, {
      ...(host ? { host } : {}),
      found,
      expected: `one of: ${known.join(', ')}`,
      hint: `set the host's transport to one of: ${known.join(', ')}`,
    });
    this.name = 'UnknownTransportError';
  }
}

export class TransportConfigError extends MirrorplanError {
  constructor(message: string, details: { host?: string; found?: string; expected?: string; hint?: string }) {
    super('TRANSPORT_CONFIG_INVALID', message, details);
    this.name = 'TransportConfigError';
  }
}

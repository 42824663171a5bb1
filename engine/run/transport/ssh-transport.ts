import type { CommandRequest, CommandResult, Transport } from './transport.js';
import { runLocal } from './local-transport.js';
import { formatEnvPrefix, isValidEnvName, quotePosix, quotePosixArgv } from './posix-quote.js';
import { TransportConfigError } from './transport-errors.js';

export interface SshTarget {
  address: string;
  user?: string;
  port?: number;
  /** Default 'ssh' (found on PATH). */
  sshPath?: string;
  /** Extra client options placed before the destination, e.g. ['-o', 'ConnectTimeout=10']. */
  extraOptions?: string[];
  /** The plan's host name, for error messages. */
  hostName?: string;
}

/*
 * Runs argv on a remote host with the system ssh client, so the site's own
 * ssh configuration (keys, known_hosts, jump hosts, ControlMaster) applies.
 * ssh joins everything after the destination with spaces and hands it to the
 * remote login shell, so the remote command is one pre-quoted string.
 *
 * Limits the caller must know:
 * - exit code 255 is ssh's own failure (connection, auth) unless the remote command used it;
 * - env values are part of the remote command line, visible in `ps` on both hosts:
 *   pass secrets as files, not env, on ssh hosts;
 * - a timeout kills the local ssh process group; without a tty the remote command
 *   may keep running until it writes to the closed connection.
 */
export class SshTransport implements Transport {
  readonly name = 'ssh';
  private readonly target: SshTarget;

  constructor(target: SshTarget) {
    if (!target.address || target.address.startsWith('-')) {
      throw new TransportConfigError('ssh host address is missing or starts with "-"', {
        ...(target.hostName ? { host: target.hostName } : {}),
        found: JSON.stringify(target.address ?? ''), expected: 'a host name or IP address',
        hint: 'set address (and optionally user, port) on the host',
      });
    }
    if (target.user !== undefined && (target.user === '' || /[@\s]/.test(target.user) || target.user.startsWith('-'))) {
      throw new TransportConfigError(`invalid ssh user ${JSON.stringify(target.user)}`, {
        ...(target.hostName ? { host: target.hostName } : {}),
        found: target.user, expected: 'a user name without "@", spaces or a leading "-"', hint: 'fix the host\'s user',
      });
    }
    if (target.port !== undefined && !(Number.isInteger(target.port) && target.port > 0 && target.port < 65536)) {
      throw new TransportConfigError(`invalid ssh port ${target.port}`, {
        ...(target.hostName ? { host: target.hostName } : {}),
        found: String(target.port), expected: 'an integer 1..65535', hint: 'fix the host\'s port',
      });
    }
    this.target = target;
  }

  /** The local argv that runs the request remotely. */
  buildSshArgv(request: CommandRequest): string[] {
    const t = this.target;
    return [
      t.sshPath ?? 'ssh',
      '-o', 'BatchMode=yes',
      ...(t.extraOptions ?? []),
      ...(t.port !== undefined ? ['-p', String(t.port)] : []),
      t.user !== undefined ? `${t.user}@${t.address}` : t.address,
      '--',
      buildRemoteCommand(request),
    ];
  }

  run(request: CommandRequest): Promise<CommandResult> {
    const badName = Object.keys(request.env).find((name) => !isValidEnvName(name));
    if ((request.argv === null) === (request.shell === null) || badName !== undefined || request.argv?.length === 0) {
      // Let the local runner produce the uniform EINVAL result for malformed requests.
      return runLocal(request);
    }
    // env and cwd belong to the remote command; the ssh client itself runs with ours.
    return runLocal({ ...request, argv: this.buildSshArgv(request), shell: null, env: {}, cwd: undefined });
  }

  describe(request: CommandRequest): string {
    return quotePosixArgv(this.buildSshArgv(request));
  }
}

/** The string the remote shell will parse: [cd DIR &&] [env K=V ...] argv | /bin/sh -c SCRIPT. */
export function buildRemoteCommand(request: CommandRequest): string {
  const command = request.shell !== null ? `/bin/sh -c ${quotePosix(request.shell)}` : quotePosixArgv(request.argv ?? []);
  const cd = request.cwd !== undefined ? `cd ${quotePosix(request.cwd)} && ` : '';
  return `${cd}${formatEnvPrefix(request.env)}${command}`;
}

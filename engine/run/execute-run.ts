import { join } from 'node:path';
import type { AnalyzedPlan } from '../analyze/analyze-plan.js';
import { compileMachine, type MachineImplementations } from '../compile/compile-machine.js';
import type { Obligation } from '../compile/obligations.js';
import type { FinalState, RunContext } from '../compile/run-context.js';
import { combineObservers } from '../report/progress-observer.js';
import type { ResolvedHost, ResolvedPlan } from '../resolve/resolved-plan.js';
import { isMirrorplanError } from '../errors/mirrorplan-error.js';
import { createMasker } from './execute/create-masker.js';
import { driveMachine } from './execute/drive-machine.js';
import { createLogObserver, type LogFs } from './execute/log-observer.js';
import type { Operator, RunEnvironment, RunObserver } from './execute/run-environment.js';
import type { JournalFs, JournalWriter } from './journal/journal-writer.js';
import type { RunStatus } from './journal/journal-records.js';
import { releaseLock, type LockHandle } from './lock/run-lock.js';
import { RUN_FILES } from './run-files.js';
import { storeRunSummary } from './run-summary.js';
import type { Clock } from './system/clock.js';
import { createTransport } from './transport/create-transport.js';
import type { Transport } from './transport/transport.js';

/** The real or fake world a run talks to; the CLI builds the real one. */
export interface RunServices {
  stateDir: string;
  clock: Clock;
  observer: RunObserver;
  operator: Operator;
  transportFor?: (host: ResolvedHost) => Transport;
  /** fdatasync journal records that must be durable (always on outside tests). */
  journalSync: boolean;
  /** The journal's file operations; default node:fs (tests make a write fail with EIO). */
  journalFs?: JournalFs;
  /** The log's file operations (tests make its disk full); default node:fs. */
  logFs?: LogFs;
  maxOutputBytes?: number;
  /** Called once the run is journaled and before its first command. */
  onStarted?(run: { id: string; dir: string }): void;
}

/** journal-failed: the journal could not be written, so the engine stopped where it was (never journaled: it could not be). */
export type RunOutcome = RunStatus | 'journal-failed';

export interface RunReport {
  runId: string;
  dir: string;
  status: RunOutcome;
  finalState: FinalState;
  failure: RunContext['failure'];
  detail: string | null;
  /** Obligations still open: what a person must undo (rollback failed) or what resume/recover will handle (paused). */
  remaining: Obligation[];
  interrupted: string | null;
}

const STATUS: Record<FinalState, RunStatus> = {
  succeeded: 'succeeded', rolledBack: 'rolled-back', rollbackFailed: 'rollback-failed',
  declined: 'declined', preflightFailed: 'failed-before-change', paused: 'paused',
};

/** These leave nothing behind: the lock is released. Paused and rollback-failed runs keep it, so no new run starts over them. */
const RELEASES_LOCK = new Set<RunStatus>(['succeeded', 'rolled-back', 'declined', 'failed-before-change']);

export interface ExecuteRequest {
  analyzed: AnalyzedPlan;
  run: { id: string; dir: string };
  journal: JournalWriter;
  lock: LockHandle;
  initial?: string;
  context?: Partial<RunContext>;
  undoneActions?: ReadonlySet<string>;
}

/** The RunEnvironment of a run: transports per host (created once), masking, observers. */
export function buildRunEnvironment(services: RunServices, plan: ResolvedPlan, run: { id: string; dir: string }, journal: JournalWriter, extraObserver?: RunObserver): RunEnvironment {
  const mask = createMasker(plan);
  const transports = new Map<string, Transport>();
  const transportFor = (name: string) => {
    let transport = transports.get(name);
    const host = plan.hosts[name];
    if (!transport && host) {
      transport = services.transportFor ? services.transportFor(host) : createTransport({ transport: host.transport, ...(host.address ? { address: host.address } : {}), ...(host.user ? { user: host.user } : {}), ...(host.port ? { port: host.port } : {}) }, name);
      transports.set(name, transport);
    }
    if (!transport) throw new Error(`no host ${name}`);
    return transport;
  };
  return {
    plan, run, transportFor, journal,
    clock: { now: () => services.clock.now().getTime(), sleep: (ms, signal) => services.clock.sleep(ms, signal) },
    observer: extraObserver ? combineObservers(services.observer, extraObserver) : services.observer, operator: services.operator, mask,
    maxOutputBytes: services.maxOutputBytes ?? 1024 * 1024,
  };
}

/** Compiles, drives the machine to a final state, writes run-end and releases the lock when the site is back to normal. */
export function executeRun(services: RunServices, request: ExecuteRequest) {
  const plan = request.analyzed.plan;
  const log = createLogObserver(join(request.run.dir, RUN_FILES.log), createMasker(plan), request.run.id,
    (message) => services.observer.note('warn', message), services.logFs);
  const env = buildRunEnvironment(services, plan, request.run, request.journal, log.observer);
  const mask = env.mask;
  services.onStarted?.(request.run);
  const compile = (implementations: MachineImplementations) => compileMachine(request.analyzed, {
    ...(request.initial ? { initial: request.initial } : {}), ...(request.context ? { context: request.context } : {}), implementations,
  });
  const driven = driveMachine(compile, env, { ...(request.undoneActions ? { undoneActions: request.undoneActions } : {}) });
  const result = (async (): Promise<RunReport> => {
    try {
      const { state, context } = await driven.outcome();
      const status = STATUS[state];
      const detail = context.outcomeDetail ?? context.failure?.message ?? null;
      const summary = status === 'succeeded' ? 'all steps done' : detail ?? status;
      try {
        if (status === 'paused') request.journal.append({ type: 'pause', reason: context.interrupted ? `interrupted by ${context.interrupted}` : 'paused' }, { durable: false });
        request.journal.append({ type: 'run-end', status, summary: mask(summary), extra: { remaining: context.obligations.map((o) => o.step) } }, { durable: true });
      } catch (error) {
        if (!isMirrorplanError(error) || error.code !== 'JOURNAL_WRITE_FAILED') throw error;
        // No command runs without its record, so the engine stopped where the journal failed;
        // what is still in effect is known only here, in memory: the report must say it.
        env.observer.note('error', `run ${request.run.id}: the journal cannot be written; stopped with ${context.obligations.map((o) => o.step).join(', ') || 'nothing'} still in effect`);
        return { runId: request.run.id, dir: request.run.dir, status: 'journal-failed', finalState: state, failure: context.failure, detail: mask(error.message), remaining: context.obligations, interrupted: context.interrupted };
      }
      env.observer.note(status === 'succeeded' || status === 'declined' ? 'info' : 'error', `run ${request.run.id} ended: ${status}`, { status });
      if (RELEASES_LOCK.has(status)) releaseLock(request.lock);
      try { storeRunSummary(services.stateDir, request.run.id); } catch (error) {
        env.observer.note('warn', `could not store the run summary (status will replay the journal): ${(error as Error).message}`);
      }
      return { runId: request.run.id, dir: request.run.dir, status, finalState: state, failure: context.failure, detail: detail ? mask(detail) : null, remaining: context.obligations, interrupted: context.interrupted };
    } finally {
      request.journal.close();
      log.close();
    }
  })();
  return { interrupt: (signal: string) => driven.interrupt(signal), result };
}

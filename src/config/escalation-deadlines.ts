import { ELECTION_PHASES, type ElectionPhase } from '../modules/taxonomy/election.entity.js';
import { parseDuration } from './duration.js';

export const ESCALATING_SEVERITIES = ['critical', 'high'] as const;
export type EscalatingSeverity = (typeof ESCALATING_SEVERITIES)[number];

type DeadlineTable = Partial<Record<ElectionPhase | 'default', Partial<Record<EscalatingSeverity, number>>>>;

export const DEFAULT_ESCALATION_DEADLINES =
  '{"election-day":{"critical":"15m","high":"30m"},"count":{"critical":"15m","high":"30m"},' +
  '"default":{"critical":"2h","high":"8h"}}';

/**
 * How long an organisation has to respond to a high or critical alert before it escalates, by election
 * phase: phase → severity → duration, with `default` for phases (and severities) not named.
 */
export class EscalationDeadlines {
  private constructor(private readonly table: DeadlineTable) {}

  /** Parses ESCALATION_DEADLINES; answers the problems found instead when it is not valid. */
  static parse(json: string): EscalationDeadlines | { problems: string[] } {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      return { problems: ['is not valid JSON'] };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      return { problems: ['must be a JSON object of phase → severity → duration'] };
    }
    const problems: string[] = [];
    const table: DeadlineTable = {};
    for (const [phase, bySeverity] of Object.entries(raw)) {
      if (phase !== 'default' && !(ELECTION_PHASES as readonly string[]).includes(phase)) {
        problems.push(`unknown phase "${phase}" (use ${ELECTION_PHASES.join(', ')} or default)`);
        continue;
      }
      if (typeof bySeverity !== 'object' || bySeverity === null) {
        problems.push(`${phase} must map severities to durations`);
        continue;
      }
      const entry: Partial<Record<EscalatingSeverity, number>> = {};
      for (const [severity, duration] of Object.entries(bySeverity as Record<string, unknown>)) {
        const ms = typeof duration === 'string' ? parseDuration(duration) : undefined;
        if (!(ESCALATING_SEVERITIES as readonly string[]).includes(severity)) {
          problems.push(
            `${phase}: only ${ESCALATING_SEVERITIES.join(' and ')} alerts escalate, not "${severity}"`,
          );
        } else if (ms === undefined || ms <= 0) {
          problems.push(`${phase}.${severity}: "${String(duration)}" is not a duration like 15m or 2h`);
        } else {
          entry[severity as EscalatingSeverity] = ms;
        }
      }
      table[phase as ElectionPhase | 'default'] = entry;
    }
    return problems.length > 0 ? { problems } : new EscalationDeadlines(table);
  }

  /** The deadline in ms for an alert of this severity in this phase; undefined when it does not escalate. */
  deadlineMs(phase: ElectionPhase | null, severity: string): number | undefined {
    if (!(ESCALATING_SEVERITIES as readonly string[]).includes(severity)) {
      return undefined;
    }
    const key = severity as EscalatingSeverity;
    return (phase ? this.table[phase]?.[key] : undefined) ?? this.table.default?.[key];
  }
}

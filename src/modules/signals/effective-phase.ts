/**
 * The election phase a signal is about: the phase it names or, when it names none, the phase the election
 * calendar gives for the moment it was posted. Routing (the `phases` matcher) and escalation deadlines use it.
 *
 * As a SQL scalar subquery: the calendar's phase for `moment` (NULL outside every phase). Phases are
 * half-open periods; should two overlap, the one that started last wins. Both arguments are SQL expressions
 * built from constants (a column or a bind parameter), never input.
 */
export function calendarPhaseAt(election: string, moment: string): string {
  return `(SELECT calendar.phase FROM election_phases calendar
            WHERE calendar.election_code = ${election}
              AND calendar.starts_at <= ${moment} AND ${moment} < calendar.ends_at
            ORDER BY calendar.starts_at DESC
            LIMIT 1)`;
}

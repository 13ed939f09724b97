// A budget's current window follows from the clock and the organization's time zone alone, so
// correctness never waits for a scheduler.
import { DateTime } from 'luxon';
import type { BudgetWindow } from '../../generated/prisma/enums.js';

export const TOTAL_WINDOW_START = new Date(0);

export function windowOf(window: BudgetWindow, timeZone: string, now: Date): { start: Date; end: Date | null } {
  if (window === 'TOTAL') return { start: TOTAL_WINDOW_START, end: null };
  const unit = window === 'DAILY' ? 'day' : window === 'WEEKLY' ? 'week' : 'month';
  const local = DateTime.fromJSDate(now, { zone: timeZone }).startOf(unit);
  return { start: local.toJSDate(), end: local.plus({ [`${unit}s`]: 1 }).toJSDate() };
}

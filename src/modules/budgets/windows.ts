// A budget's current window follows from the clock, the organization's time zone and the
// window already open, so correctness never waits for a scheduler. This file is the one owner of
// "which window is current": the spend engine and the read path both ask it.
import { DateTime } from 'luxon';
import type { BudgetWindow } from '../../generated/prisma/enums.js';

export const TOTAL_WINDOW_START = new Date(0);

export interface Window {
  start: Date;
  end: Date | null;
}

/** The calendar window (day, week, month in `timeZone`) around `now`. */
function windowOf(window: BudgetWindow, timeZone: string, now: Date): Window {
  if (window === 'TOTAL') return { start: TOTAL_WINDOW_START, end: null };
  const unit = window === 'DAILY' ? 'day' : window === 'WEEKLY' ? 'week' : 'month';
  const local = DateTime.fromJSDate(now, { zone: timeZone }).startOf(unit);
  return { start: local.toJSDate(), end: local.plus({ [`${unit}s`]: 1 }).toJSDate() };
}

/**
 * The window in force at `now`, given the latest window opened at or before `now` (its usage
 * row). A window keeps the start and end it opened with: after a time-zone change the open
 * window runs to its end, and the next one starts there and ends at the new zone's next
 * boundary. So no change of zone ever opens a second window within one.
 */
export function currentWindow(
  window: BudgetWindow,
  timeZone: string,
  now: Date,
  latest: { windowStart: Date; windowEnd: Date | null } | null,
): Window {
  if (latest && (latest.windowEnd === null || latest.windowEnd > now))
    return { start: latest.windowStart, end: latest.windowEnd };
  const calendar = windowOf(window, timeZone, now);
  if (latest?.windowEnd && latest.windowEnd > calendar.start) return { start: latest.windowEnd, end: calendar.end };
  return calendar;
}

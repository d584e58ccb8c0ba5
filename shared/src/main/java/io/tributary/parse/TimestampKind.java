package io.tributary.parse;

/** How complete a timestamp written in a line is; the parser prefers the most complete one. */
enum TimestampKind {
  /** Date with year, and time of day: an instant once a zone (or UTC) is applied. */
  FULL,
  /** Month, day and time of day; the year comes from another field of the line or the ingest time. */
  YEARLESS,
  /** Time of day only; the date comes from the line or the ingest time. */
  TIME_ONLY,
  /** Seconds or milliseconds since the epoch. */
  EPOCH,
  /** Year, month and day without a time. */
  DATE_ONLY
}

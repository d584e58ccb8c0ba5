package io.tributary.functions.durable;

/**
 * The input of an {@link ArchivalOrchestrator}: one daily run.
 *
 * @param run the run's id (also the orchestration's instance id), {@code archival-<day>} for the daily one
 * @param day the day (ISO date, UTC) whose retention it applies, fixed by whoever starts it
 */
public record ArchivalRun(String run, String day) {

  /** The id of the scheduled run of {@code day}: starting it twice starts one run. */
  public static ArchivalRun daily(java.time.LocalDate day) {
    return new ArchivalRun("archival-" + day, day.toString());
  }
}

package io.tributary.functions.durable;

/**
 * What an orchestration instance is doing.
 *
 * @param input its input as JSON
 * @param output its output as JSON when completed, else null
 * @param customStatus the last custom status as JSON, or null
 * @param failure what failed, when failed; else null
 */
public record OrchestrationState(String instanceId, String name, Status status, String input, String output,
    String customStatus, String failure) {

  /** The states of an instance, as the job API names them. */
  public enum Status {
    RUNNING("running"), COMPLETED("completed"), FAILED("failed"), CANCELLED("cancelled");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    /** The name in the API ({@code "state"}). */
    public String wire() {
      return wire;
    }
  }
}

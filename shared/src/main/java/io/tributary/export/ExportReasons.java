package io.tributary.export;

/** Stable codes of export refusals. Clients may branch on them; never rename one. */
public final class ExportReasons {

  /** 400: {@code format} is not one of csv, ndjson, json. */
  public static final String INVALID_FORMAT = "invalid_format";
  /** 503: this instance runs its most exports at once; retry shortly. */
  public static final String EXPORT_BUSY = "export_busy";
  /**
   * 413: on a host that buffers responses (Azure Functions) the export outgrew the most one
   * response may hold; narrow the range or filters.
   */
  public static final String EXPORT_TOO_LARGE = "export_too_large";

  private ExportReasons() {
  }
}

package io.tributary.functions.durable;

/** The input of {@link ExportFinishActivity}: the job, how many parts it wrote and their events. */
public record ExportFinish(ExportJob job, int parts, long events) {
}

package io.tributary.functions.durable;

import java.util.List;

/**
 * The input of {@link ExportPartActivity}: part {@code index} of a job, starting strictly after the
 * (time, id) where the part before ended.
 *
 * @param afterId null for the first part
 * @param columns the CSV columns the first part chose; null for the first part and other formats
 */
public record ExportPart(ExportJob job, int index, long afterTime, String afterId, List<String> columns) {
}

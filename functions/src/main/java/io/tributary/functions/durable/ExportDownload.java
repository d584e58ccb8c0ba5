package io.tributary.functions.durable;

/**
 * An export job as {@code GET /api/exports/{id}/file} needs it.
 *
 * @param id the job's id
 * @param status its state; the file exists only once {@code COMPLETED}
 * @param result where the file is and what it holds, once completed; else null
 * @param mediaType the format's {@code Content-Type}
 * @param fileName the attachment's name: {@code tributary-<tenant>-<id>.<format>}
 */
public record ExportDownload(String id, OrchestrationState.Status status, ExportResult result, String mediaType,
    String fileName) {
}

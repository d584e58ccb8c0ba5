package io.tributary.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.query.LogQuery;
import java.time.Duration;

/**
 * An alert rule of a tenant, as its document says ({@link AlertRuleDocument}).
 *
 * @param query the query as written (a {@code POST /api/logs/query} body without paging)
 * @param compiled that query, for matching events ({@code last}, limit and order do not apply)
 * @param targets where notifications go, as written (each {@code {type, url, secret}})
 * @param notifyTargets the same, read
 */
public record AlertRule(String id, String name, ObjectNode query, LogQuery compiled, AlertCondition condition,
    Duration cooldown, ArrayNode targets, java.util.List<io.tributary.alert.delivery.NotifyTarget> notifyTargets,
    boolean enabled) {
}

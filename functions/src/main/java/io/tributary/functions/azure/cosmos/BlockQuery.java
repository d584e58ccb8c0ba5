package io.tributary.functions.azure.cosmos;

import com.azure.cosmos.models.SqlParameter;
import com.azure.cosmos.models.SqlQuerySpec;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.event.Timestamps;
import io.tributary.query.LogQuery;
import io.tributary.query.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameterised SQL that selects the blocks which may hold events matching a {@link LogQuery}:
 * the tenant, the days and milliseconds the time range and the search-after position cover, the
 * snapshot time, and the block summaries of severities, services, hosts and attributes, newest (or
 * oldest) block first. It is a superset: {@link CosmosLogStore} then applies the exact query
 * ({@link io.tributary.query.LogFilter}) to the events inside. Words and the rest of {@code q} are not in the SQL (messages are not indexed, DESIGN §11): they are matched
 * on the events of the blocks selected by the rest.
 */
final class BlockQuery {

  private static final long NANOS_PER_MS = 1_000_000L;

  private BlockQuery() {
  }

  static SqlQuerySpec of(TenantId tenant, LogQuery q) {
    StringBuilder sql = new StringBuilder("SELECT * FROM c WHERE c.tenantId = @tenant");
    List<SqlParameter> params = new ArrayList<>();
    params.add(new SqlParameter("@tenant", tenant.value()));
    long from = q.fromNanos();
    long to = q.toNanos();
    // Search-after narrows the range: newest first continues below the position, oldest first above it.
    if (q.after() != null) {
      if (q.order() == Order.NEWEST) {
        to = Math.min(to, q.after().timeNanos() == Long.MAX_VALUE ? Long.MAX_VALUE : q.after().timeNanos() + 1);
      } else {
        from = Math.max(from, q.after().timeNanos());
      }
    }
    if (from != Long.MIN_VALUE) {
      sql.append(" AND c.day >= @fromDay AND c.tMax >= @fromMs");
      params.add(new SqlParameter("@fromDay", EventBlock.day(Math.floorDiv(from, Timestamps.NANOS_PER_DAY))));
      params.add(new SqlParameter("@fromMs", Math.floorDiv(from, NANOS_PER_MS)));
    }
    if (to != Long.MAX_VALUE) {
      sql.append(" AND c.day <= @toDay AND c.tMin <= @toMs");
      params.add(new SqlParameter("@toDay", EventBlock.day(Math.floorDiv(to - 1, Timestamps.NANOS_PER_DAY))));
      params.add(new SqlParameter("@toMs", Math.floorDiv(to - 1, NANOS_PER_MS)));
    }
    if (q.asOfNanos() != Long.MAX_VALUE) {
      sql.append(" AND c.iMin <= @asOfMs");
      params.add(new SqlParameter("@asOfMs", Math.floorDiv(q.asOfNanos(), NANOS_PER_MS)));
    }
    // The severities a match may have, from the JSON filter and from q's severity tests.
    int mask = io.tributary.query.LogFilter.of(q).severityMask();
    if (mask != (1 << Severity.values().length) - 1) {
      List<String> severities = new ArrayList<>();
      for (Severity s : Severity.values()) {
        if ((mask & (1 << s.code())) != 0) {
          severities.add(s.name());
        }
      }
      anyOf(sql, params, EventBlock.SEVERITIES, "@sev", severities.stream().sorted().toList());
    }
    if (!q.services().isEmpty()) {
      anyOf(sql, params, EventBlock.SERVICES, "@svc", q.services().stream().sorted().toList());
    }
    if (!q.hosts().isEmpty()) {
      anyOf(sql, params, EventBlock.HOSTS, "@host", q.hosts().stream().sorted().toList());
    }
    int i = 0;
    for (Map.Entry<String, String> a : new TreeMap<>(q.attributes()).entrySet()) {
      String name = "@attr" + i++;
      sql.append(" AND (ARRAY_CONTAINS(c.attr, ").append(name).append(") OR c.attrPartial = true)");
      params.add(new SqlParameter(name, a.getKey() + "=" + a.getValue()));
    }
    sql.append(q.order() == Order.NEWEST ? " ORDER BY c.tMax DESC" : " ORDER BY c.tMin ASC");
    return new SqlQuerySpec(sql.toString(), params);
  }

  private static void anyOf(StringBuilder sql, List<SqlParameter> params, String field, String param,
      List<String> values) {
    sql.append(" AND EXISTS(SELECT VALUE v FROM v IN c.").append(field)
        .append(" WHERE ARRAY_CONTAINS(").append(param).append(", v))");
    params.add(new SqlParameter(param, values));
  }
}

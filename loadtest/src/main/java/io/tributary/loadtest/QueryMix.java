package io.tributary.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The questions {@code loadtest/run query} and {@link StoreQueryBench} ask, by name: where each
 * goes ({@code logs/query} or {@code logs/aggregate}) and its body. Six page queries of the kinds
 * users ask most, and two aggregations over the last day (all the corpus's events were sent within
 * it).
 */
final class QueryMix {

  static final String QUERY = "logs/query";
  static final String AGGREGATE = "logs/aggregate";

  private QueryMix() {
  }

  /** Name → {path, body}, in the order they are asked. */
  static Map<String, String[]> questions() {
    Map<String, String[]> mix = new LinkedHashMap<>();
    mix.put("newest_100", new String[] {QUERY, "{\"limit\":100}"});
    mix.put("errors_of_a_service_newest_100", new String[] {QUERY,
        "{\"services\":[\"hdfs\"],\"minSeverity\":\"WARN\",\"limit\":100}"});
    mix.put("common_word_newest_100", new String[] {QUERY, "{\"q\":\"block\",\"limit\":100}"});
    mix.put("rare_word_newest_100", new String[] {QUERY, "{\"q\":\"unexpected\",\"limit\":100}"});
    mix.put("attribute_newest_100", new String[] {QUERY,
        "{\"attributes\":{\"component\":\"dfs.DataNode$PacketResponder\"},\"limit\":100}"});
    mix.put("service_and_word_oldest_100", new String[] {QUERY,
        "{\"services\":[\"openssh\"],\"q\":\"failed password\",\"order\":\"oldest\",\"limit\":100}"});
    mix.put("histogram_24h_by_severity", new String[] {AGGREGATE,
        "{\"last\":\"24h\",\"histogram\":{\"interval\":\"auto\",\"by\":\"severity\"}}"});
    mix.put("top_10_hosts_24h", new String[] {AGGREGATE, "{\"last\":\"24h\",\"groupBy\":[\"host\"],\"top\":10}"});
    return mix;
  }
}

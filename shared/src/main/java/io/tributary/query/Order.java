package io.tributary.query;

/** Result order by event time; ties broken by id in the same direction. */
public enum Order {
  NEWEST, OLDEST
}

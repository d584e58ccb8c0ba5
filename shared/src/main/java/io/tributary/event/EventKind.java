package io.tributary.event;

/** How an event arrived: as a structured object, or as an unstructured text line to be parsed. */
public enum EventKind {
  STRUCTURED, TEXT
}

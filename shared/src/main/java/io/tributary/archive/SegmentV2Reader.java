package io.tributary.archive;

import io.tributary.event.EventIds;
import io.tributary.event.EventKind;
import io.tributary.event.LogEvent;
import io.tributary.event.Severity;
import io.tributary.event.TenantId;
import io.tributary.frame.ByteReader;
import io.tributary.frame.CorruptFrameException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads archive segments of version 2, the first columnar layout (written 2026-11-25 by commits
 * 11dbc6b and 63ac12d, before columns were coded against the log type; never written since). Two
 * variants carry the same version byte and differ by their column count: 31 columns (attribute
 * strings in a dictionary) and 30 (attribute strings raw). Both are read here, so no segment ever
 * written becomes unreadable.
 *
 * <pre>
 * raw: count:varint columnCount:varint length:varint* column*
 * columns: KIND TIME INGESTED ID_KIND ID ID_RAW SEVERITY SEVERITY_TEXT SERVICE HOST LOGTYPE INTS
 *          STRINGS ATTR_COUNT ATTR_KEY ATTR_TYPE ATTR_LONG ATTR_DOUBLE ATTR_STRING TRACE SPAN PATTERN
 *          TEMPLATE DICT_SEVERITY_TEXT DICT_SERVICE DICT_HOST DICT_LOGTYPE DICT_ATTR_KEY
 *          [DICT_ATTR_STRING, 31 columns only] DICT_PATTERN DICT_TEMPLATE
 * </pre>
 */
final class SegmentV2Reader {

  private static final int KIND = 0;
  private static final int TIME = 1;
  private static final int INGESTED = 2;
  private static final int ID_KIND = 3;
  private static final int ID = 4;
  private static final int ID_RAW = 5;
  private static final int SEVERITY = 6;
  private static final int SEVERITY_TEXT = 7;
  private static final int SERVICE = 8;
  private static final int HOST = 9;
  private static final int LOGTYPE = 10;
  private static final int INTS = 11;
  private static final int STRINGS = 12;
  private static final int ATTR_COUNT = 13;
  private static final int ATTR_KEY = 14;
  private static final int ATTR_TYPE = 15;
  private static final int ATTR_LONG = 16;
  private static final int ATTR_DOUBLE = 17;
  private static final int ATTR_STRING = 18;
  private static final int TRACE = 19;
  private static final int SPAN = 20;
  private static final int PATTERN = 21;
  private static final int TEMPLATE = 22;
  private static final int DICT_SEVERITY_TEXT = 23;
  private static final int DICT_SERVICE = 24;
  private static final int DICT_HOST = 25;
  private static final int DICT_LOGTYPE = 26;
  private static final int DICT_ATTR_KEY = 27;
  /** Columns of the variant with raw attribute strings. */
  static final int RAW_STRINGS_COLUMNS = 30;
  /** Columns of the variant with an attribute-string dictionary (at index 28). */
  static final int DICTIONARY_COLUMNS = 31;

  private static final int T_STRING = 1;
  private static final int T_LONG = 2;
  private static final int T_DOUBLE = 3;
  private static final int T_TRUE = 4;
  private static final int T_FALSE = 5;

  private SegmentV2Reader() {
  }

  static List<LogEvent> read(TenantId tenant, byte[] raw) {
    ByteReader head = new ByteReader(raw, 0, raw.length);
    int count = head.readVarInt();
    int columns = head.readVarInt();
    if (columns != RAW_STRINGS_COLUMNS && columns != DICTIONARY_COLUMNS) {
      throw new CorruptFrameException("version 2 segment has " + columns + " columns");
    }
    boolean stringDictionary = columns == DICTIONARY_COLUMNS;
    ByteReader[] c = ArchiveSegments.columns(raw, head, columns);
    int dictPattern = stringDictionary ? 29 : 28;
    String[] severityTexts = ArchiveSegments.Dictionary.read(c[DICT_SEVERITY_TEXT]);
    String[] services = ArchiveSegments.Dictionary.read(c[DICT_SERVICE]);
    String[] hosts = ArchiveSegments.Dictionary.read(c[DICT_HOST]);
    String[] logtypes = ArchiveSegments.Dictionary.read(c[DICT_LOGTYPE]);
    String[] attrKeys = ArchiveSegments.Dictionary.read(c[DICT_ATTR_KEY]);
    String[] attrStrings = stringDictionary ? ArchiveSegments.Dictionary.read(c[28]) : null;
    String[] patterns = ArchiveSegments.Dictionary.read(c[dictPattern]);
    String[] templates = ArchiveSegments.Dictionary.read(c[dictPattern + 1]);
    List<LogEvent> events = new ArrayList<>(count);
    long time = 0;
    long ingested = 0;
    long hi = 0;
    long lo = 0;
    StringBuilder message = new StringBuilder(256);
    for (int row = 0; row < count; row++) {
      EventKind kind = EventKind.ofCode(c[KIND].readByte());
      time += ArchiveSegments.unzigzag(c[TIME].readVarLong());
      ingested += ArchiveSegments.unzigzag(c[INGESTED].readVarLong());
      String id;
      if (c[ID_KIND].readByte() == 0) {
        hi += ArchiveSegments.unzigzag(c[ID].readVarLong());
        lo += ArchiveSegments.unzigzag(c[ID].readVarLong());
        id = EventIds.format(hi, lo);
      } else {
        id = c[ID_RAW].readNullableString();
      }
      int sev = c[SEVERITY].readByte();
      String severityText = severityTexts[c[SEVERITY_TEXT].readVarInt()];
      String service = services[c[SERVICE].readVarInt()];
      String host = hosts[c[HOST].readVarInt()];
      int lt = c[LOGTYPE].readVarInt();
      String text = null;
      if (lt != 0) {
        message.setLength(0);
        String type = logtypes[lt];
        for (int i = 0; i < type.length(); i++) {
          char ch = type.charAt(i);
          if (ch == MessageTemplate.INT) {
            message.append(ArchiveSegments.unzigzag(c[INTS].readVarLong()));
          } else if (ch == MessageTemplate.STR) {
            message.append(c[STRINGS].readNullableString());
          } else if (ch == MessageTemplate.ESC) {
            message.append(type.charAt(++i));
          } else {
            message.append(ch);
          }
        }
        text = message.toString();
      }
      int attrs = c[ATTR_COUNT].readVarInt();
      Map<String, Object> attributes = attrs == 0 ? Map.of() : new LinkedHashMap<>(attrs * 2);
      for (int i = 0; i < attrs; i++) {
        String key = attrKeys[c[ATTR_KEY].readVarInt()];
        int t = c[ATTR_TYPE].readByte();
        Object v;
        switch (t) {
          case T_LONG: v = ArchiveSegments.unzigzag(c[ATTR_LONG].readVarLong()); break;
          case T_DOUBLE: v = c[ATTR_DOUBLE].readDouble(); break;
          case T_TRUE: v = Boolean.TRUE; break;
          case T_FALSE: v = Boolean.FALSE; break;
          case T_STRING:
            v = stringDictionary ? attrStrings[c[ATTR_STRING].readVarInt()] : c[ATTR_STRING].readNullableString();
            break;
          default: throw new CorruptFrameException("unknown attribute type " + t);
        }
        attributes.put(key, v);
      }
      String trace = ArchiveSegments.readHexOrText(c[TRACE]);
      String span = ArchiveSegments.readHexOrText(c[SPAN]);
      String pattern = patterns[c[PATTERN].readVarInt()];
      String template = templates[c[TEMPLATE].readVarInt()];
      events.add(new LogEvent(id, tenant, kind, time, ingested, sev == 0 ? null : Severity.ofCode(sev - 1),
          severityText, service, host, text, attributes, trace, span, pattern, template));
    }
    return events;
  }
}

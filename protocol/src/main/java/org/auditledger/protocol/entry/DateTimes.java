package org.auditledger.protocol.entry;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * RFC 3339 date-times as the payload schemas admit them. The schema's pattern already refuses
 * leap seconds and out-of-range fields; this is the parser's own guard, so that no text that slips
 * past a pattern can fail later as anything but a schema violation naming its field.
 */
final class DateTimes {
  private DateTimes() {}

  /**
   * Parses {@code text} found at JSON Pointer {@code pointer} of the payload.
   *
   * @throws SchemaViolationException naming the pointer, if it is not a date-time Java can hold
   */
  static OffsetDateTime parse(String text, String pointer) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      String why = text.matches(".*T\\d\\d:\\d\\d:60.*")
          ? "is a leap second (:60), which entries do not use; write :59"
          : "is not an RFC 3339 date-time with an offset";
      throw new SchemaViolationException("payload",
          List.of(new SchemaViolationException.Violation(pointer, "\"" + text + "\" " + why)));
    }
  }
}

package org.auditledger.protocol.entry;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * RFC 3339 date-times as the payload schemas admit them. The schema's pattern already refuses
 * leap seconds and out-of-range fields; this is the parser's own guard, so that no text that slips
 * past a pattern can fail later as anything but a schema violation naming its field.
 */
public final class DateTimes {
  private DateTimes() {}

  /**
   * An RFC 3339 date-time as JSON Schema's {@code date-time} format admits it, including the
   * space RFC 3339 §5.6 allows between date and time ({@code 2026-03-01 09:00:00Z}), which
   * {@link OffsetDateTime#parse} refuses: the OCDS merge and the open-budget views read release
   * dates with this, so that no date the schema accepted is read as no date.
   *
   * @throws DateTimeParseException if it is not one
   */
  public static OffsetDateTime rfc3339(String text) {
    if (text.length() > 10 && text.charAt(10) == ' ') {
      text = text.substring(0, 10) + 'T' + text.substring(11);
    }
    return OffsetDateTime.parse(text);
  }

  /**
   * Parses {@code text} found at JSON Pointer {@code pointer} of the payload.
   *
   * @throws SchemaViolationException naming the pointer, if it is not a date-time Java can hold
   */
  static OffsetDateTime parse(String text, String pointer) {
    try {
      return rfc3339(text);
    } catch (DateTimeParseException e) {
      String why = text.matches(".*T\\d\\d:\\d\\d:60.*")
          ? "is a leap second (:60), which entries do not use; write :59"
          : "is not an RFC 3339 date-time with an offset";
      throw new SchemaViolationException("payload",
          List.of(new SchemaViolationException.Violation(pointer, "\"" + text + "\" " + why)));
    }
  }
}

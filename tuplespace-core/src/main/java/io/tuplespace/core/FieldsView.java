package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;
import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.TemplateDecoder;
import io.tuplespace.codecs.TupleDecoder;
import org.agrona.DirectBuffer;

/**
 * A validated, random-access view over an encoded {@code Tuple} or {@code Template}: per field its kind, type,
 * numeric value and the position of its var data in the buffer. Reused across messages; copies no bytes.
 * <p>
 * {@code wrap*} checks every length against the bounds it is given before reading, so arbitrary bytes yield a
 * reason instead of an exception.
 */
final class FieldsView
{
    private static final int TUPLE_ENTRY_LENGTH = TupleDecoder.FieldsDecoder.sbeBlockLength();
    private static final int TEMPLATE_ENTRY_LENGTH = TemplateDecoder.FieldsDecoder.sbeBlockLength();
    private static final int VALUE_HEADER_LENGTH = TupleDecoder.FieldsDecoder.valueHeaderLength();
    private static final int GROUP_HEADER_LENGTH = TupleDecoder.FieldsDecoder.sbeHeaderSize();

    private static final byte ACTUAL = (byte)FieldKind.ACTUAL.value();
    private static final byte WILDCARD = (byte)FieldKind.WILDCARD.value();
    private static final byte NO_TYPE = 0;
    private static final FieldType[] TYPE_BY_CODE = new FieldType[7];
    private static final FieldKind[] KIND_BY_CODE = new FieldKind[4];

    static
    {
        for (final FieldType type : FieldType.values())
        {
            if (FieldType.NULL_VAL != type)
            {
                TYPE_BY_CODE[type.value()] = type;
            }
        }
        for (final FieldKind kind : FieldKind.values())
        {
            if (FieldKind.NULL_VAL != kind)
            {
                KIND_BY_CODE[kind.value()] = kind;
            }
        }
    }

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    // Codes, not enum references: a reference store into this long-lived view costs a GC write barrier per field.
    private final byte[] typeCodes = new byte[Fields.MAX_FIELDS];
    private final byte[] kindCodes = new byte[Fields.MAX_FIELDS];
    private final long[] numerics = new long[Fields.MAX_FIELDS];
    private final int[] valueOffsets = new int[Fields.MAX_FIELDS];
    private final int[] valueLengths = new int[Fields.MAX_FIELDS];
    private DirectBuffer buffer;
    private int count;
    private boolean isPrefix;

    /**
     * @return number of fields.
     */
    int count()
    {
        return count;
    }

    /**
     * @return true for a template that also matches longer tuples starting with a match.
     */
    boolean isPrefix()
    {
        return isPrefix;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    FieldType type(final int index)
    {
        return TYPE_BY_CODE[typeCodes[index]];
    }

    /**
     * @return the field's type as its schema code, 0 for a wildcard.
     */
    int typeCode(final int index)
    {
        return typeCodes[index];
    }

    FieldKind kind(final int index)
    {
        return KIND_BY_CODE[kindCodes[index]];
    }

    boolean isActual(final int index)
    {
        return ACTUAL == kindCodes[index];
    }

    long numeric(final int index)
    {
        return numerics[index];
    }

    int valueOffset(final int index)
    {
        return valueOffsets[index];
    }

    int valueLength(final int index)
    {
        return valueLengths[index];
    }

    /**
     * Wrap an encoded Tuple message.
     *
     * @return null when valid, else the reason it is not.
     */
    String wrapTuple(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrap(buffer, offset, length, TupleDecoder.TEMPLATE_ID, TUPLE_ENTRY_LENGTH, false);
    }

    /**
     * Wrap a tuple that was validated when it was stored: the same result as {@link #wrapTuple} for such a tuple,
     * without re-checking it.
     */
    void wrapStoredTuple(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.isPrefix = false;
        final int group = groupOfValid(buffer, offset);
        final int entryLength = groupEntryLength(buffer, group);
        final int entries = groupCount(buffer, group);
        int position = firstEntry(group);
        for (int i = 0; i < entries; i++)
        {
            kindCodes[i] = ACTUAL;
            typeCodes[i] = (byte)tupleTypeCode(buffer, position);
            numerics[i] = tupleNumeric(buffer, position);
            position = trustedValue(i, buffer, position, entryLength);
        }
        count = entries;
    }

    /**
     * Wrap a template that was validated before it was kept (by a waiting request or a registration): the same
     * result as {@link #wrapTemplate} for such a template, without re-checking it.
     */
    void wrapValidTemplate(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.isPrefix = 1 == (buffer.getByte(offset + MessageHeaderDecoder.ENCODED_LENGTH) & 0xFF);
        final int group = groupOfValid(buffer, offset);
        final int entryLength = groupEntryLength(buffer, group);
        final int entries = groupCount(buffer, group);
        int position = firstEntry(group);
        for (int i = 0; i < entries; i++)
        {
            final byte kind = buffer.getByte(position);
            kindCodes[i] = kind;
            typeCodes[i] = WILDCARD == kind ? NO_TYPE : buffer.getByte(position + 1);
            numerics[i] = buffer.getLong(position + 2, TemplateDecoder.BYTE_ORDER);
            position = trustedValue(i, buffer, position, entryLength);
        }
        count = entries;
    }

    /**
     * Point this view, which holds a valid wrap, at the same bytes copied to {@code buffer} {@code delta} bytes
     * further on: what wrapping the copy would give, without reading it.
     */
    void moveValid(final DirectBuffer buffer, final int delta)
    {
        this.buffer = buffer;
        for (int i = 0; i < count; i++)
        {
            valueOffsets[i] += delta;
        }
    }

    /**
     * Note where field {@code index}'s var data lies, after its entry, in an encoding validated before.
     *
     * @return the position of the next entry.
     */
    private int trustedValue(final int index, final DirectBuffer buffer, final int entryStart, final int entryLength)
    {
        final int valueHeader = entryStart + entryLength;
        valueOffsets[index] = valueHeader + VALUE_HEADER_LENGTH;
        valueLengths[index] = buffer.getInt(valueHeader, TupleDecoder.BYTE_ORDER);
        return valueOffsets[index] + valueLengths[index];
    }

    /**
     * The field count of a tuple that was validated, read from its group header without wrapping it.
     */
    static int countOfValidTuple(final DirectBuffer buffer, final int offset)
    {
        return groupCount(buffer, groupOfValid(buffer, offset));
    }

    // Reading a validated tuple in place, field by field, without wrapping it: see Matcher.matchesStored.

    /**
     * @return the position of the fields group header of a validated Tuple or Template message (both are encoded
     * with the same header and group layout).
     */
    static int groupOfValid(final DirectBuffer buffer, final int offset)
    {
        final int blockLength = buffer.getShort(offset, TupleDecoder.BYTE_ORDER) & 0xFFFF;
        return offset + MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
    }

    static int groupCount(final DirectBuffer buffer, final int group)
    {
        return buffer.getShort(group + 2, TupleDecoder.BYTE_ORDER) & 0xFFFF;
    }

    static int groupEntryLength(final DirectBuffer buffer, final int group)
    {
        return buffer.getShort(group, TupleDecoder.BYTE_ORDER) & 0xFFFF;
    }

    static int firstEntry(final int group)
    {
        return group + GROUP_HEADER_LENGTH;
    }

    static int tupleTypeCode(final DirectBuffer buffer, final int entry)
    {
        return buffer.getByte(entry);
    }

    static long tupleNumeric(final DirectBuffer buffer, final int entry)
    {
        return buffer.getLong(entry + 1, TupleDecoder.BYTE_ORDER);
    }

    static int valueOffsetOf(final int entry, final int entryLength)
    {
        return entry + entryLength + VALUE_HEADER_LENGTH;
    }

    static int valueLengthOf(final DirectBuffer buffer, final int entry, final int entryLength)
    {
        return buffer.getInt(entry + entryLength, TupleDecoder.BYTE_ORDER);
    }

    /**
     * Wrap an encoded Template message.
     *
     * @return null when valid, else the reason it is not.
     */
    String wrapTemplate(final DirectBuffer buffer, final int offset, final int length)
    {
        return wrap(buffer, offset, length, TemplateDecoder.TEMPLATE_ID, TEMPLATE_ENTRY_LENGTH, true);
    }

    private String wrap(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int expectedTemplateId,
        final int minEntryLength,
        final boolean isTemplate)
    {
        this.buffer = buffer;
        this.count = 0;
        this.isPrefix = false;
        final int end = offset + length;
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + GROUP_HEADER_LENGTH)
        {
            return "encoding too short: " + length + " bytes";
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != TupleDecoder.SCHEMA_ID || headerDecoder.templateId() != expectedTemplateId)
        {
            return "not a " + (isTemplate ? "template" : "tuple") + " encoding: schemaId=" + headerDecoder.schemaId() +
                " templateId=" + headerDecoder.templateId();
        }
        if (headerDecoder.version() != TupleDecoder.SCHEMA_VERSION)
        {
            return "encoding version " + headerDecoder.version() + ", expected " + TupleDecoder.SCHEMA_VERSION;
        }
        if (isTemplate)
        {
            final String error = wrapPrefix(buffer, offset, length);
            if (null != error)
            {
                return error;
            }
        }
        int position = offset + MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
        if (position + GROUP_HEADER_LENGTH > end)
        {
            return "block length " + headerDecoder.blockLength() + " points past the end";
        }
        final int entryLength = buffer.getShort(position, TupleDecoder.BYTE_ORDER) & 0xFFFF;
        final int entries = buffer.getShort(position + 2, TupleDecoder.BYTE_ORDER) & 0xFFFF;
        position += GROUP_HEADER_LENGTH;
        if (entries < 1 || entries > Fields.MAX_FIELDS)
        {
            return "arity must be 1.." + Fields.MAX_FIELDS + ", got " + entries;
        }
        if (entryLength < minEntryLength)
        {
            return "field block length " + entryLength + " is less than " + minEntryLength;
        }

        for (int i = 0; i < entries; i++)
        {
            if (position + entryLength + VALUE_HEADER_LENGTH > end)
            {
                return "field " + i + " runs past the end";
            }
            int fieldOffset = position;
            if (isTemplate)
            {
                final short rawKind = (short)(buffer.getByte(fieldOffset) & 0xFF);
                if (rawKind < 1 || rawKind > 3)
                {
                    return "field " + i + ": unknown kind " + rawKind;
                }
                kindCodes[i] = (byte)rawKind;
                fieldOffset += 1;
            }
            else
            {
                kindCodes[i] = ACTUAL;
            }
            final int rawType = buffer.getByte(fieldOffset) & 0xFF;
            if (WILDCARD == kindCodes[i])
            {
                typeCodes[i] = NO_TYPE;
            }
            else if (rawType < 1 || rawType > 6)
            {
                return "field " + i + ": unknown type " + rawType;
            }
            else
            {
                typeCodes[i] = (byte)rawType;
            }
            final long numeric = buffer.getLong(fieldOffset + 1, TupleDecoder.BYTE_ORDER);
            position += entryLength;
            final long valueLength = buffer.getInt(position, TupleDecoder.BYTE_ORDER) & 0xFFFF_FFFFL;
            position += VALUE_HEADER_LENGTH;
            if (position + valueLength > end)
            {
                return "field " + i + ": value of " + valueLength + " bytes runs past the end";
            }
            final String error = checkValue(i, type(i), kind(i), numeric, buffer, position, (int)valueLength);
            if (null != error)
            {
                return error;
            }
            numerics[i] = numeric;
            valueOffsets[i] = position;
            valueLengths[i] = (int)valueLength;
            position += (int)valueLength;
        }
        if (position != end)
        {
            return (end - position) + " trailing bytes after the last field";
        }
        count = entries;
        return null;
    }

    /**
     * Read a template's matchPrefix flag, which must be there and be 0 or 1.
     */
    private String wrapPrefix(final DirectBuffer buffer, final int offset, final int length)
    {
        if (headerDecoder.blockLength() < TemplateDecoder.BLOCK_LENGTH ||
            MessageHeaderDecoder.ENCODED_LENGTH + TemplateDecoder.BLOCK_LENGTH > length)
        {
            return "block length " + headerDecoder.blockLength() + " has no room for matchPrefix";
        }
        final int matchPrefix = buffer.getByte(offset + MessageHeaderDecoder.ENCODED_LENGTH) & 0xFF;
        if (matchPrefix > 1)
        {
            return "matchPrefix must be 0 or 1, got " + matchPrefix;
        }
        isPrefix = 1 == matchPrefix;
        return null;
    }

    private static String checkValue(
        final int index,
        final FieldType type,
        final FieldKind kind,
        final long numeric,
        final DirectBuffer buffer,
        final int valueOffset,
        final int valueLength)
    {
        if (FieldKind.ACTUAL != kind)
        {
            return 0 == valueLength ? null : "field " + index + ": a " + kind + " field carries " + valueLength +
                " value bytes";
        }
        switch (type)
        {
            case STRING:
                final int invalid = Utf8.firstInvalid(buffer, valueOffset, valueLength);
                return Utf8.VALID == invalid ? null : "field " + index + ": string is not valid UTF-8 at byte " +
                    invalid + " of " + valueLength;
            case BOOLEAN:
                return numeric == 0 || numeric == 1 ? noValue(index, valueLength) : "field " + index +
                    ": boolean must be 0 or 1, got " + numeric;
            case INT:
                return numeric == (int)numeric ? noValue(index, valueLength) : "field " + index +
                    ": int out of range: " + numeric;
            case LONG:
            case DOUBLE:
                return noValue(index, valueLength);
            case BYTES:
                return 0 == numeric || (SharedBytes.MARKER == numeric && SharedBytes.REFERENCE_LENGTH == valueLength) ?
                    null : "field " + index + ": bytes must have numeric 0 (inline) or a segment reference of " +
                    SharedBytes.REFERENCE_LENGTH + " bytes with the segment marker";
            default:
                return null;
        }
    }

    private static String noValue(final int index, final int valueLength)
    {
        return 0 == valueLength ? null : "field " + index + ": numeric field carries " + valueLength + " value bytes";
    }
}

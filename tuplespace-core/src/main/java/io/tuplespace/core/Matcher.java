package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;
import org.agrona.DirectBuffer;

/**
 * The matching rule, applied to encoded forms: same arity; per field a wildcard matches anything, a formal
 * matches a field of its type, and an actual matches a field of its type with an equal value. Doubles compare as
 * {@link Double#equals} does (all NaNs equal, 0.0 and -0.0 not); strings and byte[] compare by content, and a
 * {@link SharedBytes} reference only matches the same reference.
 */
final class Matcher
{
    private Matcher()
    {
    }

    static boolean matches(final FieldsView template, final FieldsView tuple)
    {
        final int count = template.count();
        if (template.isPrefix() ? tuple.count() < count : tuple.count() != count)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            final FieldKind kind = template.kind(i);
            if (FieldKind.WILDCARD == kind)
            {
                continue;
            }
            final FieldType type = template.type(i);
            if (type != tuple.type(i))
            {
                return false;
            }
            if (FieldKind.ACTUAL == kind && !actualEquals(
                template, i, tuple.buffer(), tuple.numeric(i), tuple.valueOffset(i), tuple.valueLength(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #matches} for a stored, validated tuple read in place, which must also be of the given signature: the
     * candidates of a value chain include other signatures' tuples. Each field is read once and nothing is
     * written, where wrapping the tuple in a view first would store five values a field.
     *
     * @param template  one the signature admits ({@link Signature#admits}), so its typed fields need no check here,
     *                  of the signature's arity or, for a prefix template, at most that.
     * @param signature the tuple must have exactly its types.
     * @param tuple     holding the encoded Tuple message.
     * @param offset    of the message header.
     */
    static boolean matchesStored(
        final FieldsView template, final Signature signature, final DirectBuffer tuple, final int offset)
    {
        final int group = FieldsView.groupOfValid(tuple, offset);
        final int count = FieldsView.groupCount(tuple, group);
        if (count != signature.arity())
        {
            return false;
        }
        final int entryLength = FieldsView.groupEntryLength(tuple, group);
        final int templateCount = template.count();
        int position = FieldsView.firstEntry(group);
        for (int i = 0; i < count; i++)
        {
            final int valueOffset = FieldsView.valueOffsetOf(position, entryLength);
            final int valueLength = FieldsView.valueLengthOf(tuple, position, entryLength);
            if (FieldsView.tupleTypeCode(tuple, position) != signature.typeCode(i) ||
                (i < templateCount && template.isActual(i) && !actualEquals(
                template, i, tuple, FieldsView.tupleNumeric(tuple, position), valueOffset, valueLength)))
            {
                return false;
            }
            position = valueOffset + valueLength;
        }
        return true;
    }

    /**
     * Whether template field {@code index}, an actual, equals a tuple's field of the same type given by its parts.
     */
    private static boolean actualEquals(
        final FieldsView template,
        final int index,
        final DirectBuffer tuple,
        final long tupleNumeric,
        final int tupleValueOffset,
        final int tupleValueLength)
    {
        switch (template.type(index))
        {
            case BYTES:
                // numeric tells inline bytes (0) from a segment reference: equal bytes of the two never match.
                return template.numeric(index) == tupleNumeric && bytesEqual(
                    template.buffer(), template.valueOffset(index), template.valueLength(index),
                    tuple, tupleValueOffset, tupleValueLength);
            case STRING:
                return bytesEqual(
                    template.buffer(), template.valueOffset(index), template.valueLength(index),
                    tuple, tupleValueOffset, tupleValueLength);
            case DOUBLE:
                return canonicalDoubleBits(template.numeric(index)) == canonicalDoubleBits(tupleNumeric);
            default:
                return template.numeric(index) == tupleNumeric;
        }
    }

    private static long canonicalDoubleBits(final long bits)
    {
        return Double.doubleToLongBits(Double.longBitsToDouble(bits));
    }

    static boolean bytesEqual(
        final DirectBuffer a, final int aOffset, final int aLength,
        final DirectBuffer b, final int bOffset, final int bLength)
    {
        if (aLength != bLength)
        {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= aLength; i += Long.BYTES)
        {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i))
            {
                return false;
            }
        }
        for (; i < aLength; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }
}

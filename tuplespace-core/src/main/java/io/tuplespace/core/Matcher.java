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
            if (FieldKind.ACTUAL == kind && !actualEquals(type, template, tuple, i))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean actualEquals(
        final FieldType type, final FieldsView template, final FieldsView tuple, final int index)
    {
        switch (type)
        {
            case BYTES:
                // numeric tells inline bytes (0) from a segment reference: equal bytes of the two never match.
                return template.numeric(index) == tuple.numeric(index) && bytesEqual(
                    template.buffer(), template.valueOffset(index), template.valueLength(index),
                    tuple.buffer(), tuple.valueOffset(index), tuple.valueLength(index));
            case STRING:
                return bytesEqual(
                    template.buffer(), template.valueOffset(index), template.valueLength(index),
                    tuple.buffer(), tuple.valueOffset(index), tuple.valueLength(index));
            case DOUBLE:
                return canonicalDoubleBits(template.numeric(index)) == canonicalDoubleBits(tuple.numeric(index));
            default:
                return template.numeric(index) == tuple.numeric(index);
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

package io.tuplespace.core;

import io.tuplespace.codecs.FieldType;
import org.agrona.DirectBuffer;

/**
 * Hashes of field values, equal for a template's actual field and every tuple field it matches: the same rules
 * as {@link Matcher} (doubles by canonical bits, strings and bytes by content).
 */
final class FieldHash
{
    private FieldHash()
    {
    }

    /**
     * @param view  a tuple, or a template whose field {@code index} is actual.
     * @param index of the field.
     * @return the hash of its value.
     */
    static int of(final FieldsView view, final int index)
    {
        final FieldType type = view.type(index);
        switch (type)
        {
            case STRING:
            case BYTES:
                return bytesHash(view.buffer(), view.valueOffset(index), view.valueLength(index));
            case DOUBLE:
                return mix(Double.doubleToLongBits(Double.longBitsToDouble(view.numeric(index))));
            default:
                return mix(view.numeric(index));
        }
    }

    /**
     * Combine a value hash with what it is a value of, e.g. the signature and the field position.
     */
    static int combine(final int a, final int b)
    {
        return mix(((long)a << 32) ^ (b & 0xFFFF_FFFFL));
    }

    static int mix(final long value)
    {
        long x = value * 0x9E37_79B9_7F4A_7C15L;
        x ^= x >>> 32;
        x *= 0xD6E8_FEB8_6659_FD93L;
        return (int)(x ^ (x >>> 32));
    }

    private static int bytesHash(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            hash = (hash ^ buffer.getLong(offset + i)) * 0x9E37_79B9_7F4A_7C15L;
        }
        for (; i < length; i++)
        {
            hash = (hash ^ buffer.getByte(offset + i)) * 0x9E37_79B9_7F4A_7C15L;
        }
        return mix(hash);
    }
}

package io.tuplespace.core;

import org.agrona.DirectBuffer;

/**
 * Checks bytes for well-formed UTF-8 in place, without allocating: the byte sequences of the Unicode standard's
 * table 3-7, so no overlong forms, no encoded surrogates and nothing above U+10FFFF. Decoding ill-formed bytes
 * with {@code String}'s decoder would silently substitute U+FFFD; the server rejects them instead.
 * <p>
 * Stateless and thread-safe.
 */
public final class Utf8
{
    /** Returned by {@link #firstInvalid} for well-formed text. */
    public static final int VALID = -1;

    private Utf8()
    {
    }

    /**
     * @param buffer holding the text.
     * @param offset of its first byte.
     * @param length of the text in bytes.
     * @return {@link #VALID}, or the index (from {@code offset}) of the first byte of the first ill-formed sequence.
     */
    public static int firstInvalid(final DirectBuffer buffer, final int offset, final int length)
    {
        int i = 0;
        while (i < length)
        {
            final int lead = buffer.getByte(offset + i) & 0xFF;
            if (lead < 0x80)
            {
                i++;
                continue;
            }
            final int continuations;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                continuations = 1;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                continuations = 2;
                secondMin = 0xE0 == lead ? 0xA0 : 0x80; // shorter forms are overlong
                secondMax = 0xED == lead ? 0x9F : 0xBF; // ED A0..BF would encode a surrogate
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                continuations = 3;
                secondMin = 0xF0 == lead ? 0x90 : 0x80; // shorter forms are overlong
                secondMax = 0xF4 == lead ? 0x8F : 0xBF; // above U+10FFFF
            }
            else
            {
                return i;
            }
            if (i + continuations >= length)
            {
                return i;
            }
            final int second = buffer.getByte(offset + i + 1) & 0xFF;
            if (second < secondMin || second > secondMax)
            {
                return i;
            }
            for (int k = 2; k <= continuations; k++)
            {
                final int next = buffer.getByte(offset + i + k) & 0xFF;
                if (next < 0x80 || next > 0xBF)
                {
                    return i;
                }
            }
            i += 1 + continuations;
        }
        return VALID;
    }
}

package io.tuplespace.core;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The last few valid templates the engine parsed, each kept as a copy with its view, so that a template sent
 * again (a worker's {@code in}, a poller's {@code rd}) is neither validated nor parsed again: the same bytes are
 * the same valid template. Validation reads nothing but the bytes; the limits are still checked on every request.
 * Templates longer than {@value #MAX_LENGTH} bytes are not kept. Not thread-safe: the engine's thread only.
 */
final class KnownTemplates
{
    static final int MAX_LENGTH = 256;
    /** A producer's template and its workers' fit with room to spare; each miss compares against all of them. */
    static final int CAPACITY = 4;

    private final UnsafeBuffer[] copies = new UnsafeBuffer[CAPACITY];
    private final FieldsView[] views = new FieldsView[CAPACITY];
    /** Each copy's length, 0 while it holds none. */
    private final int[] lengths = new int[CAPACITY];
    private int nextVictim;

    KnownTemplates()
    {
        for (int i = 0; i < CAPACITY; i++)
        {
            copies[i] = new UnsafeBuffer(new byte[MAX_LENGTH]);
            views[i] = new FieldsView();
        }
    }

    /**
     * @return the view of a kept template with exactly these bytes, or null if none is kept.
     */
    FieldsView find(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < CAPACITY; i++)
        {
            if (lengths[i] == length && isCopyOf(copies[i], buffer, offset, length))
            {
                return views[i];
            }
        }
        return null;
    }

    /**
     * Keep a copy of a template that was just found valid, in place of the one kept longest.
     *
     * @return a view of the kept copy, or null if the template is too long to keep.
     */
    FieldsView keep(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > MAX_LENGTH || length <= 0)
        {
            return null;
        }
        final int slot = nextVictim;
        nextVictim = (slot + 1) % CAPACITY;
        copies[slot].putBytes(0, buffer, offset, length);
        lengths[slot] = length;
        views[slot].wrapValidTemplate(copies[slot], 0);
        return views[slot];
    }

    private static boolean isCopyOf(
        final UnsafeBuffer copy, final DirectBuffer buffer, final int offset, final int length)
    {
        int i = 0;
        for (; i <= length - Long.BYTES; i += Long.BYTES)
        {
            if (copy.getLong(i) != buffer.getLong(offset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (copy.getByte(i) != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}

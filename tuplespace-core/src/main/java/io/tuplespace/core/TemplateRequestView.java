package io.tuplespace.core;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The engine's view of a request's template. A worker asks with the same template again and again, so this keeps
 * a copy of the last template that passed its checks and, when the next one has the same bytes, only moves the view
 * onto them instead of checking them again: the checks are about a third of the engine's {@code rd}.
 * <p>
 * The view it hands out must not be wrapped by anyone else, since a repeat relies on the view still holding the
 * last template's fields. Not thread-safe.
 */
final class TemplateRequestView
{
    /** Longer templates are checked every time: comparing them would cost about as much as checking them. */
    private static final int MAX_REMEMBERED_LENGTH = 256;
    /** Misses in a row after which templates are checked without remembering them... */
    private static final int MISSES_BEFORE_PAUSE = 4;
    /** ...for this many templates; then it tries again. */
    private static final int PAUSE_LENGTH = 64;
    /** The remembered length when no template is remembered: an empty template is no repeat, it is invalid. */
    private static final int NOTHING = 0;

    private final FieldsView view = new FieldsView();
    private final UnsafeBuffer lastValid = new UnsafeBuffer(new byte[MAX_REMEMBERED_LENGTH]);
    private int lastValidLength = NOTHING;
    private int lastValidOffset;
    private int missesInARow;
    private int pauseLeft;

    /**
     * Wrap an encoded Template message: the same result as {@link FieldsView#wrapTemplate}.
     *
     * @return null when valid, else the reason it is not.
     */
    String wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        if (pauseLeft > 0)
        {
            pauseLeft--;
            return view.wrapTemplate(buffer, offset, length);
        }
        if (length == lastValidLength && NOTHING != length && equalsLastValid(buffer, offset, length))
        {
            missesInARow = 0;
            view.moveValid(buffer, offset - lastValidOffset);
            lastValidOffset = offset;
            return null;
        }

        final String invalid = view.wrapTemplate(buffer, offset, length);
        if (++missesInARow == MISSES_BEFORE_PAUSE)
        {
            missesInARow = 0;
            pauseLeft = PAUSE_LENGTH;
            lastValidLength = NOTHING;
        }
        else if (null == invalid && length <= MAX_REMEMBERED_LENGTH)
        {
            lastValid.putBytes(0, buffer, offset, length);
            lastValidLength = length;
            lastValidOffset = offset;
        }
        else
        {
            lastValidLength = NOTHING;
        }
        return invalid;
    }

    /**
     * @return the template last wrapped, when it was valid.
     */
    FieldsView view()
    {
        return view;
    }

    private boolean equalsLastValid(final DirectBuffer buffer, final int offset, final int length)
    {
        int i = 0;
        for (final int wordsEnd = length & ~(Long.BYTES - 1); i < wordsEnd; i += Long.BYTES)
        {
            if (buffer.getLong(offset + i) != lastValid.getLong(i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (buffer.getByte(offset + i) != lastValid.getByte(i))
            {
                return false;
            }
        }
        return true;
    }
}

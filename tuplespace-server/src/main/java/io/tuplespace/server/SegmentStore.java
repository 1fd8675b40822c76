package io.tuplespace.server;

import io.tuplespace.codecs.MessageHeaderDecoder;
import io.tuplespace.codecs.ReleaseSegmentsRequestDecoder;
import io.tuplespace.core.SegmentReferences;
import io.tuplespace.core.StoredTupleListener;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The server's side of shared-memory segments: it owns the segment directory and deletes each segment file once
 * nothing holds it.
 * <p>
 * A segment is held once for every stored tuple that refers to it (counted through {@link StoredTupleListener})
 * and once for every delivery of such a tuple to a client (take, read or event) until that client releases it,
 * which it does as soon as it has mapped the file, or until the client's session ends. Before its first tuple
 * is stored or delivered, a segment belongs to its writer alone, and is deleted when the writer's session ends.
 * Deletion is deferred to {@link #reclaim()}, after the engine call in progress, since one call may remove a
 * record and store it again (a failed bulk delivery).
 * <p>
 * Files are named by the 16 hex digits of their segment id, whose high 32 bits are the writer's session id. The
 * directory is emptied when the server starts (nothing survives a restart) and deleted when it closes. Not
 * thread-safe: the server agent's thread only.
 */
final class SegmentStore implements StoredTupleListener, AutoCloseable
{
    private static final int ID_HEX_DIGITS = 16;

    private final File dir;
    private final ErrorHandler errorHandler;
    private final SegmentReferences references = new SegmentReferences();
    private final Long2LongHashMap holdsBySegmentId = new Long2LongHashMap(0);
    private final Int2ObjectHashMap<LongArrayList> heldBySession = new Int2ObjectHashMap<>();
    private final LongArrayList unheld = new LongArrayList();
    private final ReleaseSegmentsRequestDecoder releaseDecoder = new ReleaseSegmentsRequestDecoder();
    private boolean isOutWithReferences;
    private long deletedCount;

    /**
     * @param dir the segment directory: created if missing, emptied if not.
     */
    SegmentStore(final File dir, final ErrorHandler errorHandler)
    {
        this.dir = dir;
        this.errorHandler = errorHandler;
        IoUtil.delete(dir, true);
        IoUtil.ensureDirectoryExists(dir, "segment directory");
        try
        {
            Files.setPosixFilePermissions(dir.toPath(), PosixFilePermissions.fromString("rwx------"));
        }
        catch (final UnsupportedOperationException ignore)
        {
            // Not a POSIX file system: its own access control applies.
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot restrict " + dir + " to its owner", ex);
        }
    }

    /**
     * @param aeronDir the Aeron directory of the server.
     * @return the segment directory beside it, which clients derive the same way.
     */
    static File dirFor(final String aeronDir)
    {
        return new File(io.tuplespace.core.CommonConfiguration.segmentsDir(aeronDir));
    }

    /**
     * Check the references of a tuple about to be put in the space: each must name a held segment or an existing
     * file, so no stored tuple points at nothing.
     *
     * @return null if the tuple may go in, else the reason it may not.
     */
    String checkOut(final DirectBuffer buffer, final int offset, final int length)
    {
        final int count = references.scan(buffer, offset, length);
        isOutWithReferences |= count > 0;
        for (int i = 0; i < count; i++)
        {
            final long segmentId = references.segmentId(i);
            if (0 == holdsBySegmentId.get(segmentId) && !fileOf(segmentId).exists())
            {
                return "segment " + name(segmentId) + " does not exist: its tuple was consumed and released, or " +
                    "its writer's session ended before it was published";
            }
        }
        return null;
    }

    /**
     * The out checked by {@link #checkOut} has been applied.
     */
    void afterOut()
    {
        isOutWithReferences = false;
    }

    public void onStored(final DirectBuffer buffer, final int offset, final int length)
    {
        // A record can only refer to a segment if the out in progress does, or if it was just removed and is
        // being put back (then its segment awaits reclaim): otherwise skip the scan on the hot path.
        if (holdsBySegmentId.isEmpty() && unheld.isEmpty() && !isOutWithReferences)
        {
            return;
        }
        for (int i = 0, count = references.scanValid(buffer, offset); i < count; i++)
        {
            hold(references.segmentId(i));
        }
    }

    public void onRemoved(final DirectBuffer buffer, final int offset, final int length)
    {
        // A stored record that refers to a segment holds it, so with no holds there is nothing to find.
        if (holdsBySegmentId.isEmpty())
        {
            return;
        }
        for (int i = 0, count = references.scanValid(buffer, offset); i < count; i++)
        {
            unhold(references.segmentId(i));
        }
    }

    /**
     * A tuple was delivered to a session: hold its segments until the session releases them or ends.
     */
    void onDelivered(final int sessionId, final DirectBuffer buffer, final int offset)
    {
        if (holdsBySegmentId.isEmpty() && !isOutWithReferences)
        {
            return;
        }
        final int count = references.scanValid(buffer, offset);
        if (count > 0)
        {
            LongArrayList held = heldBySession.get(sessionId);
            if (null == held)
            {
                held = new LongArrayList();
                heldBySession.put(sessionId, held);
            }
            for (int i = 0; i < count; i++)
            {
                final long segmentId = references.segmentId(i);
                held.addLong(segmentId);
                hold(segmentId);
            }
        }
    }

    /**
     * Decode a {@code ReleaseSegmentsRequest}: the session has mapped these segments.
     *
     * @return null, or why the request is malformed.
     */
    String onRelease(
        final int sessionId, final DirectBuffer buffer, final int offset, final int length, final int blockLength)
    {
        final int groupOffset = offset + blockLength;
        final int headerLength = ReleaseSegmentsRequestDecoder.SegmentsDecoder.sbeHeaderSize();
        if (blockLength < ReleaseSegmentsRequestDecoder.BLOCK_LENGTH || blockLength + headerLength > length)
        {
            return "malformed ReleaseSegmentsRequest";
        }
        final int entryLength = buffer.getShort(groupOffset, ReleaseSegmentsRequestDecoder.BYTE_ORDER) & 0xFFFF;
        final int count = buffer.getShort(groupOffset + 2, ReleaseSegmentsRequestDecoder.BYTE_ORDER) & 0xFFFF;
        // In long: a count and an entry length of up to 65,535 each overflow an int.
        final long expectedLength = blockLength + headerLength + (long)count * entryLength;
        if (entryLength < ReleaseSegmentsRequestDecoder.SegmentsDecoder.sbeBlockLength() || expectedLength != length)
        {
            return "malformed ReleaseSegmentsRequest: " + count + " segments of " + entryLength + " bytes make " +
                expectedLength + " bytes, the frame has " + length;
        }
        releaseDecoder.wrap(buffer, offset, blockLength, MessageHeaderDecoder.SCHEMA_VERSION);
        final LongArrayList held = heldBySession.get(sessionId);
        for (final ReleaseSegmentsRequestDecoder.SegmentsDecoder segments : releaseDecoder.segments())
        {
            final long segmentId = segments.segmentId();
            if (null != held && held.fastUnorderedRemoveLong(segmentId))
            {
                unhold(segmentId);
            }
        }
        return null;
    }

    /**
     * A session has ended: drop what it held, and delete the segments it wrote that no tuple refers to.
     */
    void onSessionClosed(final int sessionId)
    {
        final LongArrayList held = heldBySession.remove(sessionId);
        if (null != held)
        {
            for (int i = 0; i < held.size(); i++)
            {
                unhold(held.getLong(i));
            }
        }
        final String[] names = dir.list();
        final String prefix = hex(sessionId & 0xFFFF_FFFFL, 8);
        for (int i = 0; null != names && i < names.length; i++)
        {
            final String name = names[i];
            if (name.length() == ID_HEX_DIGITS && name.startsWith(prefix))
            {
                final long segmentId = Long.parseUnsignedLong(name, 16);
                if (0 == holdsBySegmentId.get(segmentId))
                {
                    unheld.addLong(segmentId);
                }
            }
        }
    }

    /**
     * Delete the files of segments that nothing holds any more.
     *
     * @return the number of files deleted.
     */
    int reclaim()
    {
        if (unheld.isEmpty())
        {
            return 0;
        }
        int deleted = 0;
        for (int i = 0; i < unheld.size(); i++)
        {
            final long segmentId = unheld.getLong(i);
            if (0 == holdsBySegmentId.get(segmentId))
            {
                try
                {
                    if (Files.deleteIfExists(fileOf(segmentId).toPath()))
                    {
                        deleted++;
                    }
                }
                catch (final IOException ex)
                {
                    errorHandler.onError(ex);
                }
            }
        }
        unheld.clear();
        deletedCount += deleted;
        return deleted;
    }

    /**
     * @return the number of segments held by a stored tuple or a client.
     */
    int heldCount()
    {
        return holdsBySegmentId.size();
    }

    /**
     * @return the number of segment files deleted since the server started.
     */
    long deletedCount()
    {
        return deletedCount;
    }

    public void close()
    {
        IoUtil.delete(dir, true);
    }


    private void hold(final long segmentId)
    {
        holdsBySegmentId.put(segmentId, holdsBySegmentId.get(segmentId) + 1);
    }

    private void unhold(final long segmentId)
    {
        final long holds = holdsBySegmentId.get(segmentId) - 1;
        if (holds > 0)
        {
            holdsBySegmentId.put(segmentId, holds);
        }
        else
        {
            holdsBySegmentId.remove(segmentId);
            unheld.addLong(segmentId);
        }
    }

    private File fileOf(final long segmentId)
    {
        return new File(dir, name(segmentId));
    }

    private static String name(final long segmentId)
    {
        return hex(segmentId, ID_HEX_DIGITS);
    }

    private static String hex(final long value, final int digits)
    {
        final String hex = Long.toHexString(value);
        return "0".repeat(Math.max(0, digits - hex.length())) + hex;
    }
}

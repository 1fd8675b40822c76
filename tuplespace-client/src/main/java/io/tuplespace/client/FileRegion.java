package io.tuplespace.client;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A region of a file handed to another process by path, the Java-only stand-in for passing an open file handle
 * (see docs/design.md, "File handles"): the tuple carries the absolute path, the region, and the file's device and
 * inode numbers, and the receiver maps the region read-only after checking that the path still names the same
 * file.
 * <pre>{@code
 * space.out(FileRegion.of(Path.of("/data/frames.bin"), 0, 64 << 20).toTuple("frames"));
 * MappedByteBuffer frames = FileRegion.from(space.in(FileRegion.template("frames"))).map();
 * }</pre>
 * Unlike a passed descriptor, the receiver opens the file itself: it needs permission to, and a file renamed,
 * replaced or deleted in between is refused rather than read. The tuple space does not own the file and deletes
 * nothing. Immutable.
 */
public final class FileRegion
{
    private final String path;
    private final long offset;
    private final long length;
    private final long device;
    private final long inode;

    private FileRegion(final String path, final long offset, final long length, final long device, final long inode)
    {
        this.path = path;
        this.offset = offset;
        this.length = length;
        this.device = device;
        this.inode = inode;
    }

    /**
     * Describe a region of an existing file, identified by its device and inode now.
     *
     * @throws IllegalArgumentException if the region lies outside the file or exceeds 2 GiB (one mapping).
     * @throws UncheckedIOException     if the file cannot be read.
     */
    public static FileRegion of(final Path file, final long offset, final long length)
    {
        final Path absolute = file.toAbsolutePath().normalize();
        try
        {
            final long size = Files.size(absolute);
            if (offset < 0 || length < 0 || length > Integer.MAX_VALUE || offset + length > size)
            {
                throw new IllegalArgumentException("region [" + offset + ", +" + length + ") is outside " +
                    absolute + " (" + size + " bytes) or larger than 2 GiB");
            }
            return new FileRegion(absolute.toString(), offset, length, device(absolute), inode(absolute));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot describe a region of " + absolute, ex);
        }
    }

    /**
     * @param label the tuple's first field.
     * @return {@code (label, path, offset, length, device, inode)}.
     */
    public Tuple toTuple(final String label)
    {
        return Tuple.of(label, path, offset, length, device, inode);
    }

    /**
     * @return a template matching the tuples of {@link #toTuple(String)} with this label.
     */
    public static Template template(final String label)
    {
        return Template.of(label, Formal.STRING, Formal.LONG, Formal.LONG, Formal.LONG, Formal.LONG);
    }

    /**
     * @param tuple made by {@link #toTuple(String)}.
     * @return the region it describes.
     */
    public static FileRegion from(final Tuple tuple)
    {
        return new FileRegion(tuple.getString(1), tuple.getLong(2), tuple.getLong(3), tuple.getLong(4),
            tuple.getLong(5));
    }

    /**
     * Map the region read-only.
     *
     * @return the mapped bytes, {@link #length()} long.
     * @throws IllegalStateException if the path now names another file, or the file became too short.
     * @throws UncheckedIOException  if the file cannot be opened (gone, or no permission).
     */
    public MappedByteBuffer map()
    {
        final Path file = Path.of(path);
        try
        {
            checkSameFile(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                // Java cannot fstat an open channel: checking the path before and after opening refuses a swap.
                checkSameFile(file);
                if (channel.size() < offset + length)
                {
                    throw new IllegalStateException(path + " has shrunk to " + channel.size() + " bytes, the " +
                        "region ends at " + (offset + length));
                }
                return channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map " + this, ex);
        }
    }

    private void checkSameFile(final Path file) throws IOException
    {
        if (device(file) != device || inode(file) != inode)
        {
            throw new IllegalStateException(path + " is no longer the file that was handed over (inode " + inode +
                " on device " + device + "): it was replaced or renamed");
        }
    }

    public String path()
    {
        return path;
    }

    public long offset()
    {
        return offset;
    }

    public long length()
    {
        return length;
    }

    public long device()
    {
        return device;
    }

    public long inode()
    {
        return inode;
    }

    public String toString()
    {
        return path + "[" + offset + ", +" + length + ") inode " + inode;
    }

    private static long device(final Path file) throws IOException
    {
        return ((Number)Files.getAttribute(file, "unix:dev")).longValue();
    }

    private static long inode(final Path file) throws IOException
    {
        return ((Number)Files.getAttribute(file, "unix:ino")).longValue();
    }
}

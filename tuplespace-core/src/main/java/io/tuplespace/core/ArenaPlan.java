package io.tuplespace.core;

import org.agrona.collections.IntArrayList;

/**
 * What storing some records would do to a {@link TupleArena}, worked out before any is stored: the bytes of the
 * blocks they take, and how many chunks the arena would add, allocating as it does (a free block of the size
 * class first, then the bump chunk's tail, then the next chunk, new if none is left). Free blocks of one size
 * class cannot hold a record of another, so while the space holds tuples, a record of another size may need a new
 * chunk although many bytes are free: planning sees that. Reused; allocates nothing once its class list has grown.
 */
final class ArenaPlan
{
    private final TupleArena arena;
    private final int[] plannedByClass = new int[TupleArena.SIZE_CLASSES];
    private final IntArrayList plannedClasses = new IntArrayList();
    private long blockBytes;
    private int newChunks;
    private int bumpChunk;
    private int bumpUnit;

    ArenaPlan(final TupleArena arena)
    {
        this.arena = arena;
    }

    /**
     * Start a new plan from the arena as it is now.
     */
    void reset()
    {
        for (int i = 0; i < plannedClasses.size(); i++)
        {
            plannedByClass[plannedClasses.getInt(i)] = 0;
        }
        plannedClasses.clear();
        blockBytes = 0;
        newChunks = 0;
        bumpChunk = arena.bumpChunk();
        bumpUnit = arena.bumpUnit();
    }

    /**
     * Plan one more allocation, after those planned since {@link #reset()}.
     *
     * @param bytes as {@link TupleArena#allocate(int)} would be asked for.
     */
    void add(final int bytes)
    {
        final int sizeClass = TupleArena.sizeClass(bytes);
        final int units = TupleArena.classUnits(sizeClass);
        blockBytes += (long)units << TupleArena.UNIT_SHIFT;
        if (0 == plannedByClass[sizeClass]++)
        {
            plannedClasses.addInt(sizeClass);
        }
        if (plannedByClass[sizeClass] <= arena.freeBlocks(sizeClass))
        {
            return;
        }
        if (bumpUnit + units > TupleArena.CHUNK_UNITS)
        {
            if (++bumpChunk >= arena.chunkCount())
            {
                newChunks++;
            }
            bumpUnit = TupleArena.firstUnit(bumpChunk);
        }
        bumpUnit += units;
    }

    /**
     * @return bytes of the blocks planned.
     */
    long blockBytes()
    {
        return blockBytes;
    }

    /**
     * @return chunks the arena would add for the blocks planned.
     */
    int newChunks()
    {
        return newChunks;
    }
}

package io.tuplespace.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ArenaPlan} against the {@link TupleArena} it models: for random batches of allocations among random frees,
 * the plan predicts exactly the block bytes and the new chunks the allocations then take.
 */
class ArenaPlanTest
{
    @Test
    void aPlanPredictsTheBlockBytesAndNewChunksOfTheAllocations()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final TupleArena arena = new TupleArena();
        final ArenaPlan plan = new ArenaPlan(arena);
        final List<int[]> live = new ArrayList<>();
        final int[] sizes = new int[64];

        for (int round = 0; round < 2_000; round++)
        {
            final int count = 1 + random.nextInt(sizes.length);
            // Sizes in a few bands, so free lists of some classes fill and others stay empty.
            final int band = random.nextInt(3);
            plan.reset();
            for (int i = 0; i < count; i++)
            {
                sizes[i] = 0 == band ? 40 + random.nextInt(80) : 1 == band ? 900 + random.nextInt(300) :
                    4_000 + random.nextInt(60_000);
                plan.add(sizes[i]);
            }
            final int chunksBefore = arena.chunkCount();
            final long bytesBefore = arena.blockBytes();
            for (int i = 0; i < count; i++)
            {
                live.add(new int[]{ arena.allocate(sizes[i]), sizes[i] });
            }

            assertThat(arena.chunkCount() - chunksBefore).as("new chunks, seed %d round %d", seed, round)
                .isEqualTo(plan.newChunks());
            assertThat(arena.blockBytes() - bytesBefore).as("block bytes, seed %d round %d", seed, round)
                .isEqualTo(plan.blockBytes());

            final int frees = random.nextInt(live.size() + 1);
            for (int i = 0; i < frees; i++)
            {
                final int[] block = live.remove(random.nextInt(live.size()));
                arena.free(block[0], block[1]);
            }
        }
    }
}

package io.tuplespace.examples.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuPinningTest
{
    @Test
    void readsTheCpusOfAnAffinityListAsTasksetPrintsIt()
    {
        assertThat(CpuPinning.cpuList("0,1")).containsExactly(0, 1);
        assertThat(CpuPinning.cpuList("2-4,7")).containsExactly(2, 3, 4, 7);
        assertThat(CpuPinning.cpuList(" 5\n")).containsExactly(5);
    }
}

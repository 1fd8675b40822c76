package io.tuplespace.server;

import io.aeron.CommonContext;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentTerminationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's Aeron client closes itself on a fatal error, for example when the server's thread stalls past the
 * client liveness timeout on a loaded machine. Its counters and logs are unmapped then, so the server agent must
 * stop instead of writing to them: before it did, this test's JVM crashed with SIGSEGV in {@code doWork}, as the
 * soak's server did after a 1.3 s stall.
 */
class AeronClientClosedTest
{
    private final String dir = CommonContext.generateRandomDirName();
    private final List<Throwable> errors = new ArrayList<>();
    private TupleSpaceServer server;

    @AfterEach
    void close()
    {
        CloseHelper.quietClose(server);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void serverAgentStopsOnceItsAeronClientHasClosed()
    {
        server = TupleSpaceServer.launch(new ServerContext()
            .dir(dir).deleteDirOnStart(true).termLength(ServerFixture.TERM_LENGTH).useAgentInvoker(true)
            .errorHandler(errors::add));
        server.invoker().invoke();
        assertThat(server.invoker().isClosed()).isFalse();

        // What the client conductor does to itself on a fatal error.
        server.aeron().close();
        server.invoker().invoke();

        assertThat(server.invoker().isClosed()).isTrue();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).isInstanceOf(AgentTerminationException.class)
            .hasMessageContaining("Aeron client has closed");
    }
}

package io.tuplespace.examples.javaspaces;

import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.javaspaces.TupleSpaceJavaSpace;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceServer;
import net.jini.space.JavaSpace;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaSpaces example through a real server: every task is done once, though every worker abandons one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JavaSpacesExampleTest
{
    private final String dir = CommonContext.generateRandomDirName();
    private TupleSpaceServer server;
    private TupleSpaceJavaSpace space;

    @BeforeEach
    void start()
    {
        server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true).termLength(64 * 1024));
        space = TupleSpaceJavaSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(space, server);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void everyTaskIsDoneOnceAndTheSpaceIsLeftEmpty() throws Exception
    {
        final int tasks = 200;

        final long total = JavaSpacesExample.run(space, space.transactionManager(), tasks, 3);

        assertThat(total).isEqualTo(LongStream.range(0, tasks).map(id -> ("task number " + id).length()).sum());
        assertThat(space.readIfExists(null, null, JavaSpace.NO_WAIT)).isNull();
    }
}

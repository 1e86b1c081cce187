// Embedded Neo4j 5.26 with Bolt on 127.0.0.1:PORT, for tests and CI (no Docker, no tarball).
// Single-file source: no build step, the JDK compiles it in memory.
//   java -Xmx2g -XX:+UseParallelGC -cp '.neo4j/lib/*' .ci/neo4j/Launcher.java PORT HOME
// (jars from .ci/neo4j/pom.xml; the script adds --add-opens flags for the page cache on JDK 17).
// Use scripts/neo4j-test-server rather than running this by hand.
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher PORT HOME");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        SocketAddress bolt = new SocketAddress("127.0.0.1", port); // loopback only

        long t0 = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, bolt)
                .setConfig(BoltConnector.advertised_address, bolt) // what routing tables hand out
                .setConfig(HttpConnector.enabled, false)            // tests talk Bolt only
                .setConfig(HttpsConnector.enabled, false)
                // Auth off (driver uses auth=None), unless -Dpolicykg.neo4j.auth=true (through
                // NEO4J_JAVA_OPTS): the wrong-credentials test needs a server that checks them.
                .setConfig(GraphDatabaseSettings.auth_enabled, Boolean.getBoolean("policykg.neo4j.auth"))
                // Small page cache: the default takes a share of RAM, too much on a 2-core CI box.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                // Don't preallocate 250 MB transaction-log files for a throwaway test store.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Bolt waits 5 s + 5 s for idle connections and its thread pool on shutdown;
                // a throwaway test server has nothing to drain (internal settings, 5.26).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .build();

        // SIGTERM/SIGINT (scripts/neo4j-test-server stop) -> clean shutdown, store left consistent.
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J STOPPING");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        // Ready only once the default database answers a query, not merely once build() returned.
        GraphDatabaseService db = dbms.database("neo4j");
        db.executeTransactionally("RETURN 1");
        System.out.printf("NEO4J READY bolt://127.0.0.1:%d (%.1f s, home %s)%n",
                port, (System.nanoTime() - t0) / 1e9, home);
        System.out.flush();

        stopped.await(); // block until killed
    }
}

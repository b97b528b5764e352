package cjgraph;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Neo4j Community served over Bolt on 127.0.0.1:PORT from a scratch HOME until SIGTERM.
 * Usage: TestNeo4j PORT HOME [PASSWORD] — with a password, auth is on and user neo4j has it.
 */
public final class TestNeo4j {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path home = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("cjgraph-neo4j-");
        String password = args.length > 2 ? args[2] : null;
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
        try {
            if (password != null) {
                service.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                        java.util.Map.of("password", password));
            }
            service.database("neo4j").executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            System.err.println("cjgraph test neo4j failed: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("cjgraph test neo4j ready on bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}

package dev.upyd.daemon.metrics;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics} for Prometheus on a local HTTP port (default 127.0.0.1:9833). Loopback by default:
 * device names are not secrets, but nothing else needs to see them.
 */
public final class MetricsServer {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final DaemonMetrics metrics;
    private HttpServer server;

    public MetricsServer(Vertx vertx, DaemonMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** Parses {@code HOST:PORT} (port 0 = any free port). */
    public static String[] hostPort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("metrics address '" + address + "' is not HOST:PORT");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = address.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("metrics address '" + address + "': '" + port + "' is not a port");
        }
        return new String[] {host, port};
    }

    public Future<Integer> start(String address) {
        String[] hp = hostPort(address);
        Router router = Router.router(vertx);
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(metrics.scrape()));
        // HTTP/1.1 only: Prometheus scrapes with it, and an h2c upgrade offer from other clients (the JDK's
        // HttpClient sends one by default) is a path nobody needs here
        server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(router);
        return server.listen(Integer.parseInt(hp[1]), hp[0]).map(HttpServer::actualPort);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}

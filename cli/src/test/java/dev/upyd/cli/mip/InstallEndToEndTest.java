package dev.upyd.cli.mip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.upyd.cli.Main;
import dev.upyd.cli.e2e.CliDaemonFixture;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `upyd install` against a real HTTP server on 127.0.0.1 laid out as a mip index (package/MPY/NAME/latest.json,
 * file/HH/HASH) and a device with the real MicroPython interpreter: files land in /lib and import there, a second
 * install sends nothing, and a missing package, a hash mismatch or an unreachable index write nothing.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallEndToEndTest {
    @TempDir
    static Path tmp;
    static CliDaemonFixture fx;
    static HttpServer server;
    static String index;
    static final Map<String, byte[]> routes = new ConcurrentHashMap<>();
    static final AtomicInteger fileRequests = new AtomicInteger();
    static String mpyVariant;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = routes.get(ex.getRequestURI().getPath());
            if (ex.getRequestURI().getPath().startsWith("/file/")) {
                fileRequests.incrementAndGet();
            }
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        index = "http://127.0.0.1:" + server.getAddress().getPort();
        fx = new CliDaemonFixture(tmp);
        fx.micropython("mp1");
        fx.startDaemon();
        fx.awaitOnline(90_000, "mp1");
        assertEquals(0, fx.cli.run("exec", "import sys;print(getattr(sys.implementation,'_mpy',0)&0xFF)"), fx.cli.err);
        String v = fx.cli.out.strip();
        mpyVariant = v.equals("0") ? "py" : v;
        publish("6", "VARIANT = '6'\n");
        publish("py", "VARIANT = 'py'\n");
        publishHelper("def twice(x):\n    return 2 * x\n");
    }

    /** mylib (a package dir with two files) for one mpy variant; it depends on helperpkg. */
    static void publish(String variant, String variantLine) {
        String init = variantLine + "from mylib.util import greet\n";
        String util = "from helper import twice\ndef greet(n):\n    return 'hello ' * twice(n)\n";
        routes.put("/package/" + variant + "/mylib/latest.json", ("{\"v\":1,\"version\":\"1.0\",\"hashes\":[[\"mylib/__init__.py\",\""
                + file(init) + "\"],[\"mylib/util.py\",\"" + file(util) + "\"]],\"deps\":[[\"helperpkg\",\"latest\"]]}")
                .getBytes(StandardCharsets.UTF_8));
    }

    static void publishHelper(String src) {
        for (String v : new String[] {"6", "py"}) {
            routes.put("/package/" + v + "/helperpkg/latest.json",
                    ("{\"v\":1,\"hashes\":[[\"helper.py\",\"" + file(src) + "\"]]}").getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Stores a file under its mip short hash; returns the hash. */
    static String file(String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        String h = MipResolver.sha256(b).substring(0, 8);
        routes.put("/file/" + h.substring(0, 2) + "/" + h, b);
        return h;
    }

    @AfterAll
    static void stop() {
        if (fx != null) {
            fx.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static int run(String... args) {
        return fx.cli.run(args);
    }

    @Test
    @Order(1)
    void installsAPackageAndItsDependencyIntoLib() {
        assertEquals(0, run("install", "mylib", "--index", index), fx.cli.err);
        String o = fx.cli.out;
        assertTrue(o.startsWith("Install mylib\nInstalling mylib (latest) from " + index + " to /lib\n"
                + "Installing helperpkg (latest) from " + index + " to /lib\n"), o);
        assertTrue(o.contains("Copying: /lib/mylib/__init__.py\nCopying: /lib/mylib/util.py\nCopying: /lib/helper.py\n"), o);
        assertTrue(o.endsWith("Done (3 copied, 0 unchanged)\n"), o);
        assertEquals(0, run("exec", "import mylib;print(mylib.VARIANT, mylib.greet(2))"), fx.cli.err);
        assertEquals(mpyVariant + " hello hello hello hello \n", fx.cli.out);
    }

    @Test
    @Order(2)
    void unchangedFilesAreNotSentAgain() {
        assertEquals(0, run("install", "mylib", "--index", index), fx.cli.err);
        assertTrue(fx.cli.out.contains("Exists: /lib/mylib/__init__.py\nExists: /lib/mylib/util.py\nExists: /lib/helper.py\n"),
                fx.cli.out);
        assertTrue(fx.cli.out.endsWith("Done (0 copied, 3 unchanged)\n"), fx.cli.out);
        publishHelper("def twice(x):\n    return 3 * x\n");
        assertEquals(0, run("install", "mylib", "--index", index), fx.cli.err);
        assertTrue(fx.cli.out.contains("Copying: /lib/helper.py\n") && fx.cli.out.endsWith("Done (1 copied, 2 unchanged)\n"),
                fx.cli.out);
        fx.cli.env.put("UPYD_MIP_INDEX", index); // the setting stands in for --index
        try {
            assertEquals(0, run("install", "mylib", "--no-mpy"), fx.cli.err);
        } finally {
            fx.cli.env.remove("UPYD_MIP_INDEX");
        }
        assertTrue(fx.cli.out.contains("Installing mylib (latest) from " + index + " to /lib"), fx.cli.out);
        assertEquals(0, run("exec", "import sys;sys.modules.pop('mylib',None);import mylib;print(mylib.VARIANT)"), fx.cli.err);
        assertEquals("py\n", fx.cli.out, "--no-mpy takes the source variant");
    }

    @Test
    @Order(3)
    void aSingleFileByUrlAndATargetDirectory() {
        routes.put("/raw/single.py", "X = 41 + 1\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run("install", index + "/raw/single.py", "--target", "/extra"), fx.cli.err);
        assertTrue(fx.cli.out.contains("Downloading " + index + "/raw/single.py to /extra\nCopying: /extra/single.py\n"),
                fx.cli.out);
        assertEquals(0, run("cat", "/extra/single.py"), fx.cli.err);
        assertEquals("X = 41 + 1\n", fx.cli.out);
    }

    @Test
    @Order(4)
    void badPackagesWriteNothing() {
        assertEquals(Main.ExitCodes.USAGE, run("install", "nosuch", "--index", index));
        assertTrue(fx.cli.err.contains("Package not found: " + index + "/package/" + mpyVariant + "/nosuch/latest.json"),
                fx.cli.err);
        assertTrue(fx.cli.err.contains("nothing was written to mp1"), fx.cli.err);

        String good = file("print('fine')\n");
        routes.put("/file/ba/badbadba", "print('tampered')\n".getBytes(StandardCharsets.UTF_8));
        routes.put("/package/" + mpyVariant + "/tampered/latest.json", ("{\"v\":1,\"hashes\":[[\"fine.py\",\"" + good
                + "\"],[\"bad.py\",\"badbadba\"]]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(Main.ExitCodes.INTEGRITY, run("install", "tampered", "--index", index));
        assertTrue(fx.cli.err.contains("hash mismatch for bad.py"), fx.cli.err);
        assertEquals(0, run("exec", "import os;print([f for f in os.listdir('/lib') if f in ('fine.py','bad.py')])"));
        assertEquals("[]\n", fx.cli.out, "nothing of the package was written");

        routes.put("/package/" + mpyVariant + "/broken/latest.json", "{\"hashes\": [[\"a.py\"".getBytes(StandardCharsets.UTF_8));
        assertEquals(Main.ExitCodes.USAGE, run("install", "broken", "--index", index));
        assertTrue(fx.cli.err.contains("invalid JSON"), fx.cli.err);
        routes.put("/package/" + mpyVariant + "/escape/latest.json", ("{\"hashes\": [[\"../boot.py\",\"" + good + "\"]]}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Main.ExitCodes.USAGE, run("install", "escape", "--index", index));
        assertTrue(fx.cli.err.contains("refusing file path '../boot.py'"), fx.cli.err);
        assertEquals(Main.ExitCodes.USAGE, run("install", "x;import os", "--index", index));
    }

    @Test
    @Order(5)
    void anUnreachableIndexIsAClearError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(Main.ExitCodes.USAGE, run("install", "mylib", "--index", "http://127.0.0.1:" + closed));
        assertTrue(fx.cli.err.contains("requesting http://127.0.0.1:" + closed + "/package/"), fx.cli.err);
    }

    @Test
    void githubAndGitlabSpecsBecomeRawUrls() {
        assertEquals("https://raw.githubusercontent.com/org/repo/HEAD/pkg/package.json",
                MipFetcher.rewrite("github:org/repo/pkg/package.json", ""));
        assertEquals("https://raw.githubusercontent.com/org/repo/v2/package.json",
                MipFetcher.rewrite("github:org/repo/package.json", "v2"));
        assertEquals("https://gitlab.com/org/repo/-/raw/main/x.py", MipFetcher.rewrite("gitlab:org/repo/x.py", "main"));
        assertFalse(MipFetcher.isUrl("mylib"));
    }
}

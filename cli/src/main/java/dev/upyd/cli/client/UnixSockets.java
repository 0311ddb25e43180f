package dev.upyd.cli.client;

import java.io.FileInputStream;
import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandomSpi;
import java.util.List;

/**
 * The CLI's Unix socket to the daemon, with as little of the JDK's start-up as possible. A short command
 * is mostly JVM start-up, and on JDK 17 the first Unix socket alone costs about 15 ms of it:
 * {@code sun.nio.ch.UnixDomainSockets}' class initialiser takes {@code SecureRandom.getInstance(
 * "NativePRNGNonBlocking")} (used only to name temporary sockets for an automatic bind, which a client never
 * does), and that builds the JCA: the SUN provider with its ~200 services and the {@code KnownOIDs} table;
 * and {@code SelectorProvider.provider()} runs a lambda, whose first use sets up java.lang.invoke.
 *
 * <p>On JDK 17 to 23 {@link #prepare()} avoids both, with {@code sun.misc.Unsafe} (module jdk.unsupported,
 * the JDK's sanctioned door to such internals; its memory methods warn from JDK 24 on, so it is not used there):
 * <ul>
 * <li>the initialiser runs on this thread under a thread-local JCA provider list, the JDK's own mechanism
 * ({@code sun.security.jca.Providers}, used for JAR verification), holding only {@link UrandomProvider},
 * which reads /dev/urandom as NativePRNGNonBlocking does. The process-wide provider list is never touched;
 * the thread-local one is removed again before this method returns;</li>
 * <li>the platform's selector provider is allocated directly (it has no state), instead of through
 * {@code SelectorProvider.provider()}'s lambda.</li>
 * </ul>
 * Every internal is looked up before anything is changed; if one is missing (another JDK) the public API is
 * used: slower, never wrong. {@code UnixSocketsTest} runs both paths in fresh JVMs.
 */
public final class UnixSockets {
    /** The platform selector provider; set by {@link #prepare()} or on first use. */
    private static volatile SelectorProvider platform;
    /** How the last {@link #prepare()} went: "internal", or why the public API was used. */
    private static volatile String preparedBy = "not prepared";
    private static final Object LOCK = new Object();
    /** A {@link #prepare()} is running or about to: a connect waits for it rather than initialise the JDK's way. */
    private static boolean preparing;
    private static boolean prepared;

    private UnixSockets() {
    }

    /** A connected channel to the Unix socket at {@code address}. */
    public static SocketChannel open(UnixDomainSocketAddress address) throws IOException {
        if (!awaitPrepare()) {
            prepare(); // not started elsewhere: still cheaper here than the JDK's own way
        }
        SocketChannel ch = provider().openSocketChannel(StandardProtocolFamily.UNIX);
        try {
            ch.connect(address);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** "internal" when {@link #prepare()} used the short path, else the reason it did not (tests, debugging). */
    public static String preparedBy() {
        return preparedBy;
    }

    /**
     * Initialises the JDK's Unix-socket support as cheaply as this JDK allows. Meant to run early on a thread
     * of its own: class initialisation is thread-safe, so a connect that needs the class meanwhile waits for
     * this initialisation instead of starting its own.
     */
    public static void prepare() {
        announcePrepare();
        try {
            prepareNow();
        } finally {
            synchronized (LOCK) {
                preparing = false;
                prepared = true;
                LOCK.notifyAll();
            }
        }
    }

    /**
     * Starts the set-up on two other threads while the caller goes on (JVM class initialisation is thread-safe:
     * whoever needs a class another thread is initialising waits for it, so this only ever moves work earlier).
     * One thread runs {@link #prepare()}; the other sets up java.lang.invoke through {@code
     * SelectorProvider.provider()}'s lambda, because the JDK's Unix-socket initialiser itself uses a lambda (for
     * its temporary directory), and the first lambda of a JVM costs about 5 ms that can overlap the rest.
     */
    public static void prepareInBackground() {
        announcePrepare(); // before the thread starts: a connect that comes first then waits for it
        start(new WarmUp(true), "upyd-warm-up-sockets");
        start(new WarmUp(false), "upyd-warm-up-invoke");
    }

    private static void start(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** A class, not a lambda: the first lambda of a JVM sets up java.lang.invoke, which the caller's thread avoids. */
    private static final class WarmUp implements Runnable {
        private final boolean sockets;

        WarmUp(boolean sockets) {
            this.sockets = sockets;
        }

        @Override
        public void run() {
            if (sockets) {
                prepare();
            } else {
                SelectorProvider.provider();
            }
        }
    }

    /** A {@link #prepare()} is on its way: a connect that comes first waits for it. */
    private static void announcePrepare() {
        synchronized (LOCK) {
            preparing = true;
        }
    }

    /**
     * Waits (at most 2 s: a stuck thread must not hang the CLI) while a {@link #prepare()} runs; false when
     * none ran or was announced.
     */
    private static boolean awaitPrepare() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        synchronized (LOCK) {
            while (preparing) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return true;
                }
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            return prepared;
        }
    }

    private static void prepareNow() {
        Internals in;
        try {
            in = Internals.find();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            preparedBy = "public API (" + e + ")";
            in = null;
        }
        if (in == null) {
            try {
                // the same work, through the public API: the JCA is built and java.lang.invoke set up
                SocketChannel.open(StandardProtocolFamily.UNIX).close();
            } catch (IOException | RuntimeException e) {
                // nothing to prepare; the real connect reports any real problem
            }
            return;
        }
        platform = in.selectorProvider;
        in.initialiseWithOnlyUrandom();
        preparedBy = "internal";
    }

    private static SelectorProvider provider() {
        SelectorProvider sp = platform;
        return sp != null ? sp : SelectorProvider.provider();
    }

    /** The internals {@link #prepare()} needs, all found before any is used. */
    private static final class Internals {
        private final sun.misc.Unsafe unsafe;
        private final Class<?> providers;
        private final ThreadLocal<Object> threadLists;
        private final Object usedBase;
        private final long usedOffset;
        private final Object list;
        final SelectorProvider selectorProvider;

        @SuppressWarnings({"unchecked", "removal", "deprecation"})
        private Internals() throws ReflectiveOperationException {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true); // jdk.unsupported opens sun.misc
            unsafe = (sun.misc.Unsafe) f.get(null);
            providers = Class.forName("sun.security.jca.Providers");
            Class<?> listClass = Class.forName("sun.security.jca.ProviderList");
            Class<?> configClass = Class.forName("sun.security.jca.ProviderConfig");
            Field lists = providers.getDeclaredField("threadLists");
            Field used = providers.getDeclaredField("threadListsUsed");
            if (lists.getType() != ThreadLocal.class || used.getType() != int.class) {
                throw new NoSuchFieldException("sun.security.jca.Providers is not as expected");
            }
            threadLists = (ThreadLocal<Object>) unsafe.getObject(unsafe.staticFieldBase(lists),
                    unsafe.staticFieldOffset(lists));
            usedBase = unsafe.staticFieldBase(used);
            usedOffset = unsafe.staticFieldOffset(used);

            Provider urandom = new UrandomProvider();
            Object config = unsafe.allocateInstance(configClass);
            put(config, configClass, "provName", String.class, urandom.getName());
            put(config, configClass, "argument", String.class, "");
            put(config, configClass, "provider", Provider.class, urandom);
            Object configs = Array.newInstance(configClass, 1);
            Array.set(configs, 0, config);
            list = unsafe.allocateInstance(listClass);
            put(list, listClass, "configs", configs.getClass(), configs);
            put(list, listClass, "userList", List.class, List.of(urandom));
            Field allLoaded = listClass.getDeclaredField("allLoaded");
            unsafe.putBooleanVolatile(list, unsafe.objectFieldOffset(allLoaded), true);

            // stateless (no fields in it or its superclasses): allocating it is constructing it
            Class<?> epoll = Class.forName("sun.nio.ch.EPollSelectorProvider");
            selectorProvider = (SelectorProvider) unsafe.allocateInstance(epoll);
        }

        static Internals find() throws ReflectiveOperationException {
            if (Runtime.version().feature() >= 24) {
                throw new UnsupportedOperationException("JDK " + Runtime.version().feature()
                        + " warns on sun.misc.Unsafe field access");
            }
            if (!System.getProperty("os.name", "").startsWith("Linux") || !new java.io.File("/dev/urandom").canRead()) {
                throw new UnsupportedOperationException("not Linux with /dev/urandom");
            }
            return new Internals();
        }

        @SuppressWarnings({"removal", "deprecation"})
        private void put(Object target, Class<?> c, String name, Class<?> type, Object value)
                throws NoSuchFieldException {
            Field f = c.getDeclaredField(name);
            if (!f.getType().isAssignableFrom(type)) {
                throw new NoSuchFieldException(c.getName() + "." + name + " is not a " + type.getName());
            }
            unsafe.putObjectVolatile(target, unsafe.objectFieldOffset(f), value);
        }

        /**
         * Runs UnixDomainSockets' initialiser with this thread's JCA provider list holding only {@link
         * UrandomProvider}. No lambda here: the first lambda of a JVM sets up java.lang.invoke (see FastExec).
         */
        @SuppressWarnings({"removal", "deprecation"})
        void initialiseWithOnlyUrandom() {
            Object previous;
            // Providers.begin/endThreadProviderList do the same under this lock
            synchronized (providers) {
                previous = threadLists.get();
                threadLists.set(list);
                unsafe.getAndAddInt(usedBase, usedOffset, 1);
            }
            try {
                // the JCA half first: it does not need java.lang.invoke, whose set-up (for the initialiser's
                // lambda) is meanwhile under way on another thread (prepareInBackground)
                java.security.SecureRandom.getInstance("NativePRNGNonBlocking");
                selectorProvider.openSocketChannel(StandardProtocolFamily.UNIX).close();
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                // nothing to prepare; the real connect reports any real problem
            } finally {
                synchronized (providers) {
                    if (previous == null) {
                        threadLists.remove();
                    } else {
                        threadLists.set(previous);
                    }
                    unsafe.getAndAddInt(usedBase, usedOffset, -1);
                }
            }
        }
    }

    /** A provider of exactly one service, NativePRNGNonBlocking, for {@link #prepare()}'s thread-local list. */
    public static final class UrandomProvider extends Provider {
        private static final long serialVersionUID = 1L;

        public UrandomProvider() {
            super("UpydUrandom", "1", "NativePRNGNonBlocking read from /dev/urandom, for the JDK's Unix sockets");
            putService(new Service(this, "SecureRandom", "NativePRNGNonBlocking", UrandomSpi.class.getName(), null,
                    null));
        }
    }

    /**
     * /dev/urandom, as the JDK's NativePRNGNonBlocking reads it (without its SHA1PRNG mixing). If the file
     * cannot be opened, the JDK's initialiser falls back to {@code new SecureRandom()}, which then finds this
     * same provider and fails again: so {@link Internals#find} is only used on Linux, where it exists.
     */
    public static final class UrandomSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient FileInputStream in;

        /**
         * The constructor the JCA looks for first (the JDK's NativePRNG has the same). Without it the JCA falls
         * back to the no-argument one only after building a NoSuchMethodException message, with streams and
         * lambdas: about 5 ms on a short command.
         */
        public UrandomSpi(java.security.SecureRandomParameters params) throws IOException {
            if (params != null) {
                throw new IllegalArgumentException("UpydUrandom takes no SecureRandomParameters");
            }
            in = new FileInputStream("/dev/urandom");
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the kernel's pool needs no seed from us
        }

        @Override
        protected synchronized void engineNextBytes(byte[] bytes) {
            try {
                for (int off = 0; off < bytes.length; ) {
                    int n = in.read(bytes, off, bytes.length - off);
                    if (n < 0) {
                        throw new ProviderException("/dev/urandom ended");
                    }
                    off += n;
                }
            } catch (IOException e) {
                throw new ProviderException("cannot read /dev/urandom", e);
            }
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            byte[] seed = new byte[numBytes];
            engineNextBytes(seed);
            return seed;
        }
    }
}

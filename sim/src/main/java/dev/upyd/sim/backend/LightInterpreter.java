package dev.upyd.sim.backend;

import dev.upyd.sim.backend.LightParser.Attr;
import dev.upyd.sim.backend.LightParser.BinOp;
import dev.upyd.sim.backend.LightParser.Call;
import dev.upyd.sim.backend.LightParser.Expr;
import dev.upyd.sim.backend.LightParser.ListExpr;
import dev.upyd.sim.backend.LightParser.Lit;
import dev.upyd.sim.backend.LightParser.Name;
import dev.upyd.sim.backend.LightParser.TupleExpr;
import dev.upyd.sim.backend.LightParser.Unary;
import dev.upyd.sim.backend.PyObjects.Builtin;
import dev.upyd.sim.backend.PyObjects.Module;
import dev.upyd.sim.backend.PyObjects.NamedTuple;
import dev.upyd.sim.backend.PyObjects.Tuple;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Evaluates the light backend's statements against a tiny fake ESP32: variables, a few modules
 * ({@code os}, {@code machine}, {@code time}, {@code sys}, {@code gc}) and builtins. Side effects
 * that need the REPL (printing, sleeping, resets) go through {@link Effects}.
 */
final class LightInterpreter {
    /** What a statement does beyond computing values. */
    interface Effects {
        void print(String text);

        /** The statement asked to sleep; the runner waits before the next statement. */
        void sleepMs(long ms);

        void hardReset();

        void softReset();
    }

    static final String RELEASE = "1.27.0";
    static final String VERSION = "v1.27.0 on 2025-12-10";
    static final String MACHINE = "ESP32 module with ESP32";
    private static final Set<String> MODULES = Set.of("os", "uos", "machine", "time", "utime", "sys", "gc");
    private static final Set<String> BUILTINS = Set.of("print", "len", "sum", "str", "int", "abs", "min", "max", "repr",
            "range", "list", "hex");
    private static final BigInteger MAX_SHIFT = BigInteger.valueOf(100_000);

    private final Path root;
    private final byte[] uid;
    /** os.rename refuses an existing target (EEXIST), as a FAT flash does; LittleFS replaces it. */
    private final boolean fatRename;
    private final long bootMillis = System.currentTimeMillis();
    private final Map<String, Object> globals = new HashMap<>();

    LightInterpreter(Path root, byte[] uid) {
        this(root, uid, false);
    }

    LightInterpreter(Path root, byte[] uid, boolean fatRename) {
        this.fatRename = fatRename;
        this.root = root;
        this.uid = uid.clone();
    }

    /** A soft reset clears the heap: all variables and imports are gone. */
    void reset() {
        globals.clear();
    }

    void assign(String name, Object value) {
        globals.put(name, value);
    }

    void importModule(String module, String as, int line) throws PyError {
        String base = module.startsWith("u") && MODULES.contains(module) && !module.equals("uos") ? module : module;
        if (!MODULES.contains(base)) {
            throw at(new PyError("ImportError", "no module named '" + module + "'"), line);
        }
        globals.put(as, new Module(canonical(base)));
    }

    void fromImport(String module, List<String> names, int line) throws PyError {
        if (!MODULES.contains(module)) {
            throw at(new PyError("ImportError", "no module named '" + module + "'"), line);
        }
        Module m = new Module(canonical(module));
        for (String n : names) {
            globals.put(n, attribute(m, n, line));
        }
    }

    private static String canonical(String module) {
        return switch (module) {
            case "uos" -> "os";
            case "utime" -> "time";
            default -> module;
        };
    }

    private static PyError at(PyError e, int line) {
        e.line = line;
        return e;
    }

    Object eval(Expr e, int line, Effects fx) throws PyError {
        if (e instanceof Lit l) {
            return l.value();
        }
        if (e instanceof Name n) {
            Object v = globals.get(n.name());
            if (v != null) {
                return v;
            }
            if (BUILTINS.contains(n.name())) {
                return new Builtin(n.name());
            }
            throw at(new PyError("NameError", "name '" + n.name() + "' isn't defined"), line);
        }
        if (e instanceof Attr a) {
            return attribute(eval(a.target(), line, fx), a.name(), line);
        }
        if (e instanceof ListExpr l) {
            List<Object> out = new ArrayList<>();
            for (Expr x : l.items()) {
                out.add(eval(x, line, fx));
            }
            return out;
        }
        if (e instanceof TupleExpr t) {
            List<Object> out = new ArrayList<>();
            for (Expr x : t.items()) {
                out.add(eval(x, line, fx));
            }
            return new Tuple(out);
        }
        if (e instanceof Unary u) {
            Object v = eval(u.operand(), line, fx);
            if (v instanceof BigInteger i) {
                return i.negate();
            }
            if (v instanceof Double d) {
                return -d;
            }
            if (v instanceof Boolean b) {
                return BigInteger.valueOf(b ? -1 : 0);
            }
            throw at(new PyError("TypeError", "unsupported type for __neg__: '" + PyObjects.typeName(v) + "'"), line);
        }
        if (e instanceof BinOp b) {
            return binop(b.op(), eval(b.left(), line, fx), eval(b.right(), line, fx), line);
        }
        if (e instanceof Call c) {
            Object fn = eval(c.fn(), line, fx);
            List<Object> args = new ArrayList<>();
            for (Expr x : c.args()) {
                args.add(eval(x, line, fx));
            }
            if (!(fn instanceof Builtin b)) {
                throw at(new PyError("TypeError", "'" + PyObjects.typeName(fn) + "' object isn't callable"), line);
            }
            return call(b.qualifiedName(), args, line, fx);
        }
        throw PyError.syntax(line);
    }

    private Object attribute(Object target, String name, int line) throws PyError {
        if (target instanceof Module m) {
            String q = m.name() + "." + name;
            switch (q) {
                case "sys.platform":
                    return "esp32";
                case "sys.version":
                    return "3.4.0; MicroPython " + VERSION;
                case "sys.stdout":
                    return new Module("sys.stdout");
                case "sys.stdout.write":
                    return new Builtin(q);
                case "os.sep":
                    return "/";
                case "os.listdir", "os.uname", "os.getcwd", "os.remove", "os.rename", "os.stat", "machine.unique_id",
                        "machine.reset", "machine.soft_reset", "machine.freq", "time.sleep", "time.sleep_ms",
                        "time.ticks_ms", "time.time", "sys.exit", "gc.collect", "gc.mem_free", "gc.mem_alloc":
                    return new Builtin(q);
                default:
                    break;
            }
            throw at(new PyError("AttributeError", "'module' object has no attribute '" + name + "'"), line);
        }
        if (target instanceof NamedTuple t && t.fields().contains(name)) {
            return t.values().get(t.fields().indexOf(name));
        }
        throw at(new PyError("AttributeError", "'" + PyObjects.typeName(target) + "' object has no attribute '" + name + "'"),
                line);
    }

    private Object call(String fn, List<Object> a, int line, Effects fx) throws PyError {
        switch (fn) {
            case "print": {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.size(); i++) {
                    sb.append(i > 0 ? " " : "").append(PyObjects.str(a.get(i)));
                }
                fx.print(sb.append("\r\n").toString());
                return PyObjects.NONE;
            }
            case "len":
                args(a, 1, fn, line);
                return BigInteger.valueOf(length(a.get(0), line));
            case "sum": {
                args(a, 1, fn, line);
                Object acc = BigInteger.ZERO;
                for (Object o : items(a.get(0), line)) {
                    acc = binop("+", acc, o, line);
                }
                return acc;
            }
            case "min", "max": {
                List<Object> xs = a.size() == 1 ? items(a.get(0), line) : a;
                if (xs.isEmpty()) {
                    throw at(new PyError("ValueError", "arg is an empty sequence"), line);
                }
                Object best = xs.get(0);
                for (Object o : xs) {
                    double cmp = toDouble(o, line) - toDouble(best, line);
                    if (fn.equals("min") ? cmp < 0 : cmp > 0) {
                        best = o;
                    }
                }
                return best;
            }
            case "str":
                args(a, 1, fn, line);
                return PyObjects.str(a.get(0));
            case "repr":
                args(a, 1, fn, line);
                return PyObjects.repr(a.get(0));
            case "hex":
                args(a, 1, fn, line);
                BigInteger h = integer(a.get(0), line);
                return (h.signum() < 0 ? "-0x" : "0x") + h.abs().toString(16);
            case "abs":
                args(a, 1, fn, line);
                return a.get(0) instanceof Double d ? (Object) Math.abs(d) : integer(a.get(0), line).abs();
            case "int": {
                args(a, 1, fn, line);
                Object v = a.get(0);
                if (v instanceof String s) {
                    try {
                        return new BigInteger(s.strip());
                    } catch (NumberFormatException e) {
                        throw at(new PyError("ValueError", "invalid syntax for integer with base 10"), line);
                    }
                }
                return v instanceof Double d ? BigInteger.valueOf((long) (double) d) : integer(v, line);
            }
            case "range", "list": {
                if (fn.equals("list")) {
                    args(a, 1, fn, line);
                    return new ArrayList<>(items(a.get(0), line));
                }
                args(a, 1, fn, line);
                long n = Math.min(integer(a.get(0), line).longValueExact(), 100_000);
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    out.add(BigInteger.valueOf(i));
                }
                return out;
            }
            case "sys.stdout.write": {
                args(a, 1, fn, line);
                String text = PyObjects.str(a.get(0));
                fx.print(text.replace("\r\n", "\n").replace("\n", "\r\n"));
                return BigInteger.valueOf(text.length());
            }
            case "os.listdir":
                return listdir(a.isEmpty() ? "/" : PyObjects.str(a.get(0)), line);
            case "os.getcwd":
                return "/";
            case "os.uname":
                return new NamedTuple(List.of("sysname", "nodename", "release", "version", "machine"),
                        List.of("esp32", "esp32", RELEASE, VERSION, MACHINE));
            case "os.remove": {
                args(a, 1, fn, line);
                Path p = devicePath(PyObjects.str(a.get(0)), line);
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw at(new PyError("OSError", "[Errno 2] ENOENT"), line);
                }
                return PyObjects.NONE;
            }
            case "os.rename": {
                // LittleFS (an ESP32's flash) replaces an existing target, atomically; FAT refuses it
                args(a, 2, fn, line);
                Path from = devicePath(PyObjects.str(a.get(0)), line);
                Path to = devicePath(PyObjects.str(a.get(1)), line);
                if (!Files.exists(from) || !Files.isDirectory(to.getParent())) {
                    throw at(new PyError("OSError", "[Errno 2] ENOENT"), line);
                }
                if (fatRename && Files.exists(to)) {
                    throw at(new PyError("OSError", "[Errno 17] EEXIST"), line);
                }
                try {
                    Files.move(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw at(new PyError("OSError", "[Errno 5] EIO"), line);
                }
                return PyObjects.NONE;
            }
            case "os.stat": {
                args(a, 1, fn, line);
                Path p = devicePath(PyObjects.str(a.get(0)), line);
                try {
                    boolean dir = Files.isDirectory(p);
                    long size = dir ? 0 : Files.size(p);
                    long mtime = Files.getLastModifiedTime(p).toMillis() / 1000;
                    List<Object> v = new ArrayList<>();
                    for (long x : new long[] {dir ? 16384 : 32768, 0, 0, 0, 0, 0, size, mtime, mtime, mtime}) {
                        v.add(BigInteger.valueOf(x));
                    }
                    return new Tuple(v);
                } catch (IOException e) {
                    throw at(new PyError("OSError", "[Errno 2] ENOENT"), line);
                }
            }
            case "machine.unique_id":
                return uid.clone();
            case "machine.freq":
                return BigInteger.valueOf(160_000_000);
            case "machine.reset":
                fx.hardReset();
                return PyObjects.NONE;
            case "machine.soft_reset", "sys.exit":
                fx.softReset();
                return PyObjects.NONE;
            case "time.sleep":
                args(a, 1, fn, line);
                fx.sleepMs(Math.max(0, Math.round(toDouble(a.get(0), line) * 1000)));
                return PyObjects.NONE;
            case "time.sleep_ms":
                args(a, 1, fn, line);
                fx.sleepMs(Math.max(0, integer(a.get(0), line).longValue()));
                return PyObjects.NONE;
            case "time.ticks_ms":
                return BigInteger.valueOf((System.currentTimeMillis() - bootMillis) & 0x3fffffff);
            case "time.time":
                return BigInteger.valueOf(System.currentTimeMillis() / 1000 - 946_684_800L);
            case "gc.collect":
                return PyObjects.NONE;
            case "gc.mem_free":
                return BigInteger.valueOf(111_168);
            case "gc.mem_alloc":
                return BigInteger.valueOf(6_512);
            default:
                throw at(new PyError("NameError", "name '" + fn + "' isn't defined"), line);
        }
    }

    private List<Object> listdir(String dir, int line) throws PyError {
        Path p = devicePath(dir, line);
        if (!Files.isDirectory(p)) {
            throw at(new PyError("OSError", "[Errno 2] ENOENT"), line);
        }
        try (Stream<Path> s = Files.list(p)) {
            List<Object> names = new ArrayList<>();
            s.map(x -> x.getFileName().toString()).filter(n -> !isSimulatorFile(n)).sorted().forEach(names::add);
            return names;
        } catch (IOException e) {
            throw at(new PyError("OSError", "[Errno 5] EIO"), line);
        }
    }

    /** The simulator's own bookkeeping files are not part of the simulated flash. */
    static boolean isSimulatorFile(String name) {
        return name.equals(".sim_uid") || name.startsWith(".upyd-put-");
    }

    private Path devicePath(String path, int line) throws PyError {
        Path p = root;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw at(new PyError("OSError", "[Errno 2] ENOENT"), line);
            }
            p = p.resolve(part);
        }
        return p;
    }

    private static void args(List<Object> a, int n, String fn, int line) throws PyError {
        if (a.size() != n) {
            throw at(new PyError("TypeError", "function takes " + n + " positional arguments but " + a.size()
                    + " were given"), line);
        }
    }

    private static int length(Object v, int line) throws PyError {
        if (v instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (v instanceof byte[] b) {
            return b.length;
        }
        return items(v, line).size();
    }

    private static List<Object> items(Object v, int line) throws PyError {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (v instanceof Tuple t) {
            return t.items();
        }
        if (v instanceof NamedTuple t) {
            return t.values();
        }
        if (v instanceof String s) {
            List<Object> out = new ArrayList<>();
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        if (v instanceof byte[] b) {
            List<Object> out = new ArrayList<>();
            for (byte x : b) {
                out.add(BigInteger.valueOf(x & 0xff));
            }
            return out;
        }
        throw at(new PyError("TypeError", "'" + PyObjects.typeName(v) + "' object isn't iterable"), line);
    }

    static BigInteger integer(Object v, int line) throws PyError {
        if (v instanceof BigInteger i) {
            return i;
        }
        if (v instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        throw at(new PyError("TypeError", "can't convert " + PyObjects.typeName(v) + " to int"), line);
    }

    private static double toDouble(Object v, int line) throws PyError {
        if (v instanceof Double d) {
            return d;
        }
        return integer(v, line).doubleValue();
    }

    private static boolean numeric(Object v) {
        return v instanceof BigInteger || v instanceof Double || v instanceof Boolean;
    }

    Object binop(String op, Object l, Object r, int line) throws PyError {
        if (numeric(l) && numeric(r)) {
            if (l instanceof Double || r instanceof Double || op.equals("/")) {
                double x = toDouble(l, line);
                double y = toDouble(r, line);
                return switch (op) {
                    case "+" -> x + y;
                    case "-" -> x - y;
                    case "*" -> x * y;
                    case "**" -> Math.pow(x, y);
                    default -> {
                        if (y == 0) {
                            throw at(new PyError("ZeroDivisionError", "divide by zero"), line);
                        }
                        yield switch (op) {
                            case "/" -> x / y;
                            case "//" -> Math.floor(x / y);
                            default -> x - y * Math.floor(x / y);
                        };
                    }
                };
            }
            BigInteger x = integer(l, line);
            BigInteger y = integer(r, line);
            switch (op) {
                case "+":
                    return x.add(y);
                case "-":
                    return x.subtract(y);
                case "*":
                    return x.multiply(y);
                case "**":
                    if (y.signum() < 0) {
                        return Math.pow(x.doubleValue(), y.doubleValue());
                    }
                    if (y.compareTo(MAX_SHIFT) > 0) {
                        throw at(new PyError("MemoryError", "memory allocation failed"), line);
                    }
                    return x.pow(y.intValueExact());
                default:
                    if (y.signum() == 0) {
                        throw at(new PyError("ZeroDivisionError", "divide by zero"), line);
                    }
                    BigInteger[] qr = x.divideAndRemainder(y);
                    if (qr[1].signum() != 0 && qr[1].signum() != y.signum()) {
                        qr[0] = qr[0].subtract(BigInteger.ONE);
                        qr[1] = qr[1].add(y);
                    }
                    return op.equals("//") ? qr[0] : qr[1];
            }
        }
        if (op.equals("+") && l instanceof String a && r instanceof String b) {
            return a + b;
        }
        if (op.equals("+") && l instanceof byte[] a && r instanceof byte[] b) {
            byte[] out = new byte[a.length + b.length];
            System.arraycopy(a, 0, out, 0, a.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
        if (op.equals("+") && l instanceof List<?> a && r instanceof List<?> b) {
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
        if (op.equals("*") && (l instanceof String || r instanceof String) && (numeric(l) || numeric(r))) {
            String s = l instanceof String a ? a : (String) r;
            long n = integer(l instanceof String ? r : l, line).longValue();
            if (n * s.length() > 1_000_000) {
                throw at(new PyError("MemoryError", "memory allocation failed"), line);
            }
            return n <= 0 ? "" : s.repeat((int) n);
        }
        throw at(new PyError("TypeError", "unsupported types for " + dunder(op) + ": '" + PyObjects.typeName(l) + "', '"
                + PyObjects.typeName(r) + "'"), line);
    }

    private static String dunder(String op) {
        return switch (op) {
            case "+" -> "__add__";
            case "-" -> "__sub__";
            case "*" -> "__mul__";
            case "/" -> "__truediv__";
            case "//" -> "__floordiv__";
            case "%" -> "__mod__";
            default -> "__pow__";
        };
    }
}

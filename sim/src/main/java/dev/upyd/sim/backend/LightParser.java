package dev.upyd.sim.backend;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Parses the small Python subset of the light backend into statements. Anything outside the subset is
 * a {@code SyntaxError: invalid syntax}, reported before anything runs (as MicroPython compiles the
 * whole input first). The subset is documented on {@link LightBackend}.
 */
final class LightParser {
    static final Set<String> COMPOUND = Set.of("while", "for", "if", "elif", "else", "def", "class", "try", "except",
            "finally", "with", "async", "@");

    interface Expr {
    }

    record Lit(Object value) implements Expr {
    }

    record Name(String name) implements Expr {
    }

    record Attr(Expr target, String name) implements Expr {
    }

    record Call(Expr fn, List<Expr> args) implements Expr {
    }

    record BinOp(String op, Expr left, Expr right) implements Expr {
    }

    record Unary(String op, Expr operand) implements Expr {
    }

    record ListExpr(List<Expr> items) implements Expr {
    }

    record TupleExpr(List<Expr> items) implements Expr {
    }

    interface Stmt {
        int line();
    }

    record ExprStmt(int line, Expr expr) implements Stmt {
    }

    record Assign(int line, String name, Expr value) implements Stmt {
    }

    /** {@code import a, b as c}: pairs of (module, bound name). */
    record Import(int line, List<String[]> names) implements Stmt {
    }

    record FromImport(int line, String module, List<String> names) implements Stmt {
    }

    record Pass(int line) implements Stmt {
    }

    /** {@code while True:} ({@code count == null}) or {@code for var in range(count):}. */
    record Loop(int line, String var, Expr count, List<Stmt> body) implements Stmt {
    }

    private LightParser() {
    }

    /** Parses a whole input (raw REPL code, paste mode, or one friendly-REPL entry). */
    static List<Stmt> parse(String code) throws PyError {
        String[] physical = code.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<int[]> indents = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> lineNos = new ArrayList<>();
        for (int i = 0; i < physical.length; i++) {
            String l = stripComment(physical[i]);
            if (l.isBlank()) {
                continue;
            }
            int ind = 0;
            while (ind < l.length() && (l.charAt(ind) == ' ' || l.charAt(ind) == '\t')) {
                ind++;
            }
            indents.add(new int[] {ind});
            texts.add(l.strip());
            lineNos.add(i + 1);
        }
        int[] pos = {0};
        List<Stmt> out = block(texts, indents, lineNos, pos, indents.isEmpty() ? 0 : indents.get(0)[0]);
        if (pos[0] < texts.size()) {
            throw PyError.syntax(lineNos.get(pos[0]));
        }
        if (!indents.isEmpty() && indents.get(0)[0] != 0) {
            // "IndentationError: unexpected indent" on a board; close enough for the subset
            throw PyError.syntax(lineNos.get(0));
        }
        return out;
    }

    private static List<Stmt> block(List<String> texts, List<int[]> indents, List<Integer> lineNos, int[] pos, int indent)
            throws PyError {
        List<Stmt> out = new ArrayList<>();
        while (pos[0] < texts.size()) {
            int ind = indents.get(pos[0])[0];
            if (ind < indent) {
                break;
            }
            int lineNo = lineNos.get(pos[0]);
            if (ind > indent) {
                throw PyError.syntax(lineNo);
            }
            String text = texts.get(pos[0]++);
            String head = firstWord(text);
            if (head.equals("while") || head.equals("for")) {
                int colon = topLevelColon(text, lineNo);
                Loop header = loopHeader(text.substring(0, colon).strip(), lineNo);
                String rest = text.substring(colon + 1).strip();
                List<Stmt> body;
                if (!rest.isEmpty()) {
                    body = simpleStatements(rest, lineNo);
                } else {
                    if (pos[0] >= texts.size() || indents.get(pos[0])[0] <= indent) {
                        throw PyError.syntax(lineNo);
                    }
                    body = block(texts, indents, lineNos, pos, indents.get(pos[0])[0]);
                }
                out.add(new Loop(lineNo, header.var(), header.count(), body));
            } else if (COMPOUND.contains(head)) {
                throw PyError.syntax(lineNo);
            } else {
                out.addAll(simpleStatements(text, lineNo));
            }
        }
        return out;
    }

    private static Loop loopHeader(String header, int line) throws PyError {
        Lexer lx = new Lexer(header, line);
        String kw = lx.name();
        if (kw.equals("while")) {
            Expr cond = new ExprParser(lx).expr();
            lx.end();
            if (!(cond instanceof Lit l && (Boolean.TRUE.equals(l.value()) || BigInteger.ONE.equals(l.value())))) {
                throw PyError.syntax(line);
            }
            return new Loop(line, null, null, List.of());
        }
        String var = lx.name();
        if (!lx.name().equals("in") || !lx.name().equals("range")) {
            throw PyError.syntax(line);
        }
        lx.expect("(");
        Expr count = new ExprParser(lx).expr();
        lx.expect(")");
        lx.end();
        return new Loop(line, var, count, List.of());
    }

    private static List<Stmt> simpleStatements(String text, int line) throws PyError {
        List<Stmt> out = new ArrayList<>();
        for (String part : splitTopLevel(text, ';', line)) {
            String s = part.strip();
            if (s.isEmpty()) {
                continue;
            }
            out.add(simple(s, line));
        }
        return out;
    }

    private static Stmt simple(String s, int line) throws PyError {
        String head = firstWord(s);
        Lexer lx = new Lexer(s, line);
        switch (head) {
            case "pass":
                lx.name();
                lx.end();
                return new Pass(line);
            case "import": {
                lx.name();
                List<String[]> names = new ArrayList<>();
                do {
                    String mod = lx.dotted();
                    String as = mod.contains(".") ? mod.substring(0, mod.indexOf('.')) : mod;
                    if (lx.peekName("as")) {
                        lx.name();
                        as = lx.name();
                    }
                    names.add(new String[] {mod, as});
                } while (lx.accept(","));
                lx.end();
                return new Import(line, names);
            }
            case "from": {
                lx.name();
                String mod = lx.dotted();
                if (!lx.name().equals("import")) {
                    throw PyError.syntax(line);
                }
                List<String> names = new ArrayList<>();
                do {
                    names.add(lx.name());
                } while (lx.accept(","));
                lx.end();
                return new FromImport(line, mod, names);
            }
            default:
                break;
        }
        if (COMPOUND.contains(head) || Set.of("return", "del", "global", "raise", "lambda", "yield", "break",
                "continue", "assert", "nonlocal").contains(head)) {
            throw PyError.syntax(line);
        }
        // NAME = expr (a single plain name; anything fancier is outside the subset)
        int eq = assignmentIndex(s);
        if (eq > 0) {
            String target = s.substring(0, eq).strip();
            if (!target.matches("[A-Za-z_][A-Za-z_0-9]*")) {
                throw PyError.syntax(line);
            }
            Lexer rhs = new Lexer(s.substring(eq + 1), line);
            Expr v = new ExprParser(rhs).exprList();
            rhs.end();
            return new Assign(line, target, v);
        }
        Expr e = new ExprParser(lx).exprList();
        lx.end();
        return new ExprStmt(line, e);
    }

    /** {@link #scanTopLevel} ran to the end with quotes or brackets still open. */
    private static final int UNBALANCED = -2;

    /**
     * Offers {@code visit} every index at bracket depth 0 outside string literals (quotes and brackets
     * themselves excluded) and stops at the first index it accepts; -1 when none was accepted and the text is
     * balanced, {@link #UNBALANCED} when a string or bracket is left open.
     */
    private static int scanTopLevel(String s, IntPredicate visit) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && visit.test(i)) {
                return i;
            }
        }
        return quote != 0 || depth != 0 ? UNBALANCED : -1;
    }

    /** Index of a lone '=' outside strings and brackets, or -1. */
    private static int assignmentIndex(String s) {
        int i = scanTopLevel(s, j -> {
            if (s.charAt(j) != '=') {
                return false;
            }
            char prev = j > 0 ? s.charAt(j - 1) : ' ';
            char next = j + 1 < s.length() ? s.charAt(j + 1) : ' ';
            return next != '=' && prev != '=' && prev != '!' && prev != '<' && prev != '>';
        });
        return Math.max(i, -1);
    }

    private static List<String> splitTopLevel(String s, char sep, int line) throws PyError {
        List<String> parts = new ArrayList<>();
        int[] start = {0};
        int r = scanTopLevel(s, i -> {
            if (s.charAt(i) == sep) {
                parts.add(s.substring(start[0], i));
                start[0] = i + 1;
            }
            return false;
        });
        if (r == UNBALANCED) {
            throw PyError.syntax(line);
        }
        parts.add(s.substring(start[0]));
        return parts;
    }

    private static int topLevelColon(String s, int line) throws PyError {
        List<String> parts = splitTopLevel(s, ':', line);
        if (parts.size() < 2) {
            throw PyError.syntax(line);
        }
        return parts.get(0).length();
    }

    static String firstWord(String s) {
        String t = s.strip();
        int i = 0;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
            i++;
        }
        return i == 0 && !t.isEmpty() ? t.substring(0, 1) : t.substring(0, i);
    }

    static String stripComment(String l) {
        char quote = 0;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#') {
                return l.substring(0, i);
            }
        }
        return l;
    }

    /** Tokens of one logical line. */
    static final class Lexer {
        private final String s;
        private final int line;
        private int i;

        Lexer(String s, int line) {
            this.s = s;
            this.line = line;
        }

        int line() {
            return line;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean atEnd() {
            skip();
            return i >= s.length();
        }

        void end() throws PyError {
            if (!atEnd()) {
                throw PyError.syntax(line);
            }
        }

        boolean accept(String op) {
            skip();
            if (s.startsWith(op, i)) {
                // "*" must not eat the first half of "**", "/" not of "//"
                if ((op.equals("*") || op.equals("/")) && s.startsWith(op + op, i)) {
                    return false;
                }
                i += op.length();
                return true;
            }
            return false;
        }

        void expect(String op) throws PyError {
            if (!accept(op)) {
                throw PyError.syntax(line);
            }
        }

        boolean peekName(String word) {
            skip();
            int save = i;
            try {
                return name().equals(word);
            } catch (PyError e) {
                return false;
            } finally {
                i = save;
            }
        }

        boolean peekIdentifier() {
            skip();
            return i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')
                    && !isStringPrefix();
        }

        private boolean isStringPrefix() {
            return i + 1 < s.length() && (s.charAt(i) == 'b' || s.charAt(i) == 'B')
                    && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"');
        }

        String name() throws PyError {
            skip();
            int start = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
            if (start == i || Character.isDigit(s.charAt(start))) {
                throw PyError.syntax(line);
            }
            return s.substring(start, i);
        }

        String dotted() throws PyError {
            StringBuilder sb = new StringBuilder(name());
            while (i < s.length() && s.charAt(i) == '.') {
                i++;
                sb.append('.').append(name());
            }
            return sb.toString();
        }

        boolean peekNumber() {
            skip();
            return i < s.length() && (Character.isDigit(s.charAt(i))
                    || (s.charAt(i) == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))));
        }

        Object number() throws PyError {
            skip();
            int start = i;
            if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
                i += 2;
                int h = i;
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                    i++;
                }
                if (h == i) {
                    throw PyError.syntax(line);
                }
                return new BigInteger(s.substring(h, i), 16);
            }
            boolean isFloat = false;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == '_'
                    || s.charAt(i) == 'e' || s.charAt(i) == 'E'
                    || ((s.charAt(i) == '-' || s.charAt(i) == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                isFloat |= s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E';
                i++;
            }
            String t = s.substring(start, i).replace("_", "");
            try {
                return isFloat ? (Object) Double.valueOf(t) : new BigInteger(t);
            } catch (NumberFormatException e) {
                throw PyError.syntax(line);
            }
        }

        boolean peekString() {
            skip();
            return i < s.length() && (s.charAt(i) == '\'' || s.charAt(i) == '"' || isStringPrefix());
        }

        /** A str or (with the b prefix) bytes literal. */
        Object string() throws PyError {
            skip();
            boolean bytes = false;
            if (s.charAt(i) == 'b' || s.charAt(i) == 'B') {
                bytes = true;
                i++;
            }
            char q = s.charAt(i++);
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw PyError.syntax(line);
                }
                char c = s.charAt(i++);
                if (c == q) {
                    break;
                }
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case '0' -> sb.append('\0');
                        case 'x' -> {
                            if (i + 2 > s.length()) {
                                throw PyError.syntax(line);
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
                            } catch (NumberFormatException ex) {
                                throw PyError.syntax(line);
                            }
                            i += 2;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
            if (bytes) {
                return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            }
            return sb.toString();
        }
    }

    /** Precedence climbing over the arithmetic subset. */
    static final class ExprParser {
        private final Lexer lx;

        ExprParser(Lexer lx) {
            this.lx = lx;
        }

        /** expr [, expr]* : a bare tuple when there is a comma. */
        Expr exprList() throws PyError {
            Expr first = expr();
            if (!lx.accept(",")) {
                return first;
            }
            List<Expr> items = new ArrayList<>(List.of(first));
            while (!lx.atEnd()) {
                items.add(expr());
                if (!lx.accept(",")) {
                    break;
                }
            }
            return new TupleExpr(items);
        }

        Expr expr() throws PyError {
            Expr left = term();
            while (true) {
                if (lx.accept("+")) {
                    left = new BinOp("+", left, term());
                } else if (lx.accept("-")) {
                    left = new BinOp("-", left, term());
                } else {
                    return left;
                }
            }
        }

        private Expr term() throws PyError {
            Expr left = factor();
            while (true) {
                if (lx.accept("//")) {
                    left = new BinOp("//", left, factor());
                } else if (lx.accept("*")) {
                    left = new BinOp("*", left, factor());
                } else if (lx.accept("/")) {
                    left = new BinOp("/", left, factor());
                } else if (lx.accept("%")) {
                    left = new BinOp("%", left, factor());
                } else {
                    return left;
                }
            }
        }

        private Expr factor() throws PyError {
            if (lx.accept("-")) {
                return new Unary("-", factor());
            }
            if (lx.accept("+")) {
                return factor();
            }
            Expr base = postfix(atom());
            if (lx.accept("**")) {
                return new BinOp("**", base, factor());
            }
            return base;
        }

        private Expr postfix(Expr e) throws PyError {
            while (true) {
                if (lx.accept(".")) {
                    e = new Attr(e, lx.name());
                } else if (lx.accept("(")) {
                    List<Expr> args = new ArrayList<>();
                    if (!lx.accept(")")) {
                        do {
                            if (lx.accept(")")) {
                                return postfix(new Call(e, args));
                            }
                            args.add(expr());
                        } while (lx.accept(","));
                        lx.expect(")");
                    }
                    e = new Call(e, args);
                } else {
                    return e;
                }
            }
        }

        private Expr atom() throws PyError {
            if (lx.peekNumber()) {
                return new Lit(lx.number());
            }
            if (lx.peekString()) {
                Object v = lx.string();
                while (lx.peekString()) {
                    // adjacent literals concatenate, as in Python
                    Object w = lx.string();
                    if (v instanceof String a && w instanceof String b) {
                        v = a + b;
                    } else {
                        throw PyError.syntax(lx.line());
                    }
                }
                return new Lit(v);
            }
            if (lx.accept("(")) {
                if (lx.accept(")")) {
                    return new TupleExpr(List.of());
                }
                Expr first = expr();
                if (lx.accept(")")) {
                    return first;
                }
                List<Expr> items = new ArrayList<>(List.of(first));
                while (lx.accept(",")) {
                    if (lx.accept(")")) {
                        return new TupleExpr(items);
                    }
                    items.add(expr());
                }
                lx.expect(")");
                return new TupleExpr(items);
            }
            if (lx.accept("[")) {
                List<Expr> items = new ArrayList<>();
                if (!lx.accept("]")) {
                    do {
                        if (lx.accept("]")) {
                            return new ListExpr(items);
                        }
                        items.add(expr());
                    } while (lx.accept(","));
                    lx.expect("]");
                }
                return new ListExpr(items);
            }
            if (lx.peekIdentifier()) {
                String n = lx.name();
                return switch (n) {
                    case "True" -> new Lit(Boolean.TRUE);
                    case "False" -> new Lit(Boolean.FALSE);
                    case "None" -> new Lit(PyObjects.NONE);
                    default -> {
                        if (COMPOUND.contains(n) || n.equals("import") || n.equals("lambda")) {
                            throw PyError.syntax(lx.line());
                        }
                        yield new Name(n);
                    }
                };
            }
            throw PyError.syntax(lx.line());
        }
    }
}

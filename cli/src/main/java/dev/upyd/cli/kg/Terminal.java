package dev.upyd.cli.kg;

/** Questions to the person at the keyboard. Not interactive in scripts, CI and pipes. */
public interface Terminal {
    boolean interactive();

    /** Reads a secret without echo; null at end of input. */
    char[] readSecret(String prompt);

    /** Reads a line; null at end of input. */
    String readLine(String prompt);

    /** Asks a yes/no question; anything but y/yes is no. */
    default boolean confirm(String question) {
        String a = readLine(question);
        return a != null && (a.trim().equalsIgnoreCase("y") || a.trim().equalsIgnoreCase("yes"));
    }

    /** The process's console ({@link System#console()}), or a non-interactive terminal without one. */
    static Terminal system() {
        java.io.Console c = System.console();
        if (c == null) {
            return NONE;
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public char[] readSecret(String prompt) {
                return c.readPassword("%s", prompt);
            }

            @Override
            public String readLine(String prompt) {
                return c.readLine("%s", prompt);
            }
        };
    }

    Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public char[] readSecret(String prompt) {
            return null;
        }

        @Override
        public String readLine(String prompt) {
            return null;
        }
    };
}
